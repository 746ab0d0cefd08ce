using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class DockerfileSyntaxParserTests
{
    [TestMethod]
    // Parser directives: only at the very top, before any comment, blank line or instruction.
    [DataRow("# escape=`\nFROM a\nRUN echo `\n  hi", "(from \"a\")|(run \"echo   hi\")")]
    [DataRow("# escape=`\nFROM a\nCOPY c:\\dir\\ d:\\", "(from \"a\")|(copy \"c:\\\\dir\\\\\" \"d:\\\\\")")]
    [DataRow("#  ESCAPE  =  `  \nFROM a\nRUN x `\n y", "(from \"a\")|(run \"x  y\")")]
    [DataRow("# hello\n# escape=`\nFROM a\nRUN a `\nRUN b", "(from \"a\")|(run \"a `\")|(run \"b\")")]
    [DataRow("\n# escape=`\nFROM a\nRUN x `\nRUN y", "(from \"a\")|(run \"x `\")|(run \"y\")")]
    [DataRow("FROM a\n# escape=`\nRUN x `\nRUN y", "(from \"a\")|(run \"x `\")|(run \"y\")")]
    [DataRow("# foo=bar\n# escape=`\nFROM a\nRUN x `\nRUN y", "(from \"a\")|(run \"x `\")|(run \"y\")")]
    [DataRow("# syntax=docker/dockerfile:1.7\n# check=skip=all\n# escape=\\\nFROM a", "(from \"a\")")]
    // Continuations.
    [DataRow("FROM a\nRUN a \\  \t\n b", "(from \"a\")|(run \"a  b\")")]
    [DataRow("FROM a\nRUN a \\\n# comment\n  # indented comment\n  b", "(from \"a\")|(run \"a   b\")")]
    [DataRow("FROM a\nRUN a \\\n\n   \n b", "(from \"a\")|(run \"a  b\")")]
    [DataRow("FROM a\nRUN a \\", "(from \"a\")|(run \"a\")")]
    [DataRow("FROM a\nRUN a \\\n", "(from \"a\")|(run \"a\")")]
    [DataRow("FROM a\n\\\nRUN b", "(from \"a\")|(run \"b\")")]
    [DataRow("FROM a\r\nRUN a \\\r\n  b\r\n", "(from \"a\")|(run \"a   b\")")]
    [DataRow("FROM a\nRUN a\\\nb", "(from \"a\")|(run \"ab\")")]
    // An escaped escape character ends the line (BuildKit: ([^\\])\\[ \t]*$|^\\[ \t]*$).
    [DataRow("FROM a\nRUN echo \\\\\nRUN b", "(from \"a\")|(run \"echo \\\\\\\\\")|(run \"b\")")]
    [DataRow("FROM a\nENV C trailing\\\\  \nRUN b", "(from \"a\")|(env \"C\" \"trailing\\\\\\\\\" \"\")|(run \"b\")")]
    [DataRow("FROM a\nRUN a \\\\\\\nRUN b", "(from \"a\")|(run \"a \\\\\\\\\\\\\")|(run \"b\")")]
    [DataRow("FROM a\nRUN a \\\n\\\\\nRUN b", "(from \"a\")|(run \"a \\\\\\\\\")|(run \"b\")")]
    [DataRow("FROM a\nRUN a \\\n  \\\nb", "(from \"a\")|(run \"a   b\")")]
    [DataRow("# escape=`\nFROM a\nRUN echo ``\nRUN b", "(from \"a\")|(run \"echo ``\")|(run \"b\")")]
    [DataRow("# escape=`\nFROM a\nRUN echo \\\\ `\n b", "(from \"a\")|(run \"echo \\\\\\\\  b\")")]
    [DataRow("FROM a\n  # comment\n\t\n   RUN x", "(from \"a\")|(run \"x\")")]
    // Keywords are case-insensitive; arguments keep their case.
    [DataRow("from A as B\nrUn X", "(from \"A\" \"as\" \"B\")|(run \"X\")")]
    // Flags on every instruction, quotes removed; a bare -- ends them.
    [DataRow("FROM --platform=linux/amd64 a", "(from [\"--platform=linux/amd64\"] \"a\")")]
    [DataRow("COPY --from=a --chown=\"b c\" x y", "(copy [\"--from=a\" \"--chown=b c\"] \"x\" \"y\")")]
    [DataRow("COPY --chown=a\\ b --link x y", "(copy [\"--chown=a b\" \"--link\"] \"x\" \"y\")")]
    [DataRow("COPY a --from=b c", "(copy \"a\" \"--from=b\" \"c\")")]
    [DataRow("RUN -- --help", "(run \"--help\")")]
    [DataRow("RUN --network=none -- ls --all", "(run [\"--network=none\"] \"ls --all\")")]
    [DataRow("ENV --x=1 A=b", "(env [\"--x=1\"] \"A\" \"b\" \"=\")")]
    [DataRow("WORKDIR --x /a", "(workdir [\"--x\"] \"/a\")")]
    [DataRow("RUN -x", "(run \"-x\")")]
    // Exec (JSON) form, and BuildKit's fallback to the shell form.
    [DataRow("CMD [\"a\", \"b c\"]", "(cmd \"a\" \"b c\")")]
    [DataRow("CMD [\"a\" \"b\"]", "(cmd \"[\\\"a\\\" \\\"b\\\"]\")")]
    [DataRow("CMD []", "(cmd)")]
    [DataRow("CMD [ ]", "(cmd)")]
    [DataRow("ENTRYPOINT [\"a\",]", "(entrypoint \"[\\\"a\\\",]\")")]
    [DataRow("COPY [a, b]", "(copy \"[a,\" \"b]\")")]
    [DataRow("COPY [\"a\",\"b\"]", "(copy \"a\" \"b\")")]
    [DataRow("RUN [\"echo\", \"tab\\there\\nnew\"]", "(run \"echo\" \"tab\\there\\nnew\")")]
    [DataRow("RUN [\"\\u0001\\u007f\\u00e9\"]", "(run \"\\x01\\x7fé\")")]
    [DataRow("SHELL [\"cmd\", \"/S\", \"/C\"]", "(shell \"cmd\" \"/S\" \"/C\")")]
    [DataRow("VOLUME [\"/a\", \"/b\"]", "(volume \"/a\" \"/b\")")]
    [DataRow("VOLUME /a   /b", "(volume \"/a\" \"/b\")")]
    [DataRow("EXPOSE 80\t443/udp", "(expose \"80\" \"443/udp\")")]
    // ENV and LABEL: key/value/separator triples.
    [DataRow("ENV A=1 B=\"2 3\"", "(env \"A\" \"1\" \"=\" \"B\" \"\\\"2 3\\\"\" \"=\")")]
    [DataRow("ENV A 1 2  3", "(env \"A\" \"1 2  3\" \"\")")]
    [DataRow("ENV A=", "(env \"A\" \"\" \"=\")")]
    [DataRow("ENV A=a\\ b C='d e'", "(env \"A\" \"a\\\\ b\" \"=\" \"C\" \"'d e'\" \"=\")")]
    [DataRow("ENV A=\"unterminated", "(env \"A\" \"\\\"unterminated\" \"=\")")]
    [DataRow("LABEL a=b c=d", "(label \"a\" \"b\" \"=\" \"c\" \"d\" \"=\")")]
    [DataRow("LABEL version 1.0", "(label \"version\" \"1.0\" \"\")")]
    [DataRow("LABEL \"x y\"=z", "(label \"\\\"x y\\\"\" \"z\" \"=\")")]
    [DataRow("ARG A=1 B \"C=2 3\"", "(arg \"A=1\" \"B\" \"\\\"C=2 3\\\"\")")]
    // Single-string instructions keep the whole text.
    [DataRow("USER  app:app ", "(user \"app:app\")")]
    [DataRow("WORKDIR /a b", "(workdir \"/a b\")")]
    [DataRow("STOPSIGNAL 9", "(stopsignal \"9\")")]
    [DataRow("MAINTAINER A \"B\" <c>", "(maintainer \"A \\\"B\\\" <c>\")")]
    // HEALTHCHECK: a type word, then the command in either form.
    [DataRow("HEALTHCHECK NONE", "(healthcheck \"NONE\")")]
    [DataRow("HEALTHCHECK --interval=5s CMD a  b", "(healthcheck [\"--interval=5s\"] \"CMD\" \"a  b\")")]
    [DataRow("HEALTHCHECK CMD [\"a\", \"b\"]", "(healthcheck \"CMD\" \"a\" \"b\")")]
    // ONBUILD nests its trigger.
    [DataRow("ONBUILD RUN echo hi", "(onbuild (run \"echo hi\"))")]
    [DataRow("ONBUILD COPY --chown=a . /app", "(onbuild (copy [\"--chown=a\"] \".\" \"/app\"))")]
    [DataRow("ONBUILD ENV A=1", "(onbuild (env \"A\" \"1\" \"=\"))")]
    // Heredoc bodies belong to their instruction and do not show in the dump.
    [DataRow("RUN <<EOF\nFROM x\nEOF\nRUN y", "(run \"<<EOF\")|(run \"y\")")]
    [DataRow("COPY <<A <<B /d/\n1\nA\n2\nB\nRUN z", "(copy \"<<A\" \"<<B\" \"/d/\")|(run \"z\")")]
    [DataRow("RUN <<-EOF\n\tx\n\tEOF\nRUN y", "(run \"<<-EOF\")|(run \"y\")")]
    [DataRow("RUN python3 <<'PY' > out\nprint(1)\nPY", "(run \"python3 <<'PY' > out\")")]
    [DataRow("ENV X <<EOF\nRUN y", "(env \"X\" \"<<EOF\" \"\")|(run \"y\")")]
    [DataRow("BOGUS a b", "(bogus)")]
    public void Parse_Text_DumpsAsBuildKitDoes(string text, string expected)
    {
        var syntax = DockerfileSyntaxParser.Parse(text, "Dockerfile");

        Assert.AreEqual(expected, SyntaxTreeDump.Format(syntax).TrimEnd('\n').Replace('\n', '|'));
    }

    [TestMethod]
    // BuildKit's parser accepts these; only its instructions package (the build) refuses them.
    [DataRow("CMD [\"x\"]\nFROM a", "(cmd \"x\")|(from \"a\")")]
    [DataRow("FROM a\nHEALTHCHECK", "(from \"a\")|(healthcheck)")]
    [DataRow("FROM a\nCOPY --user=1 a b", "(from \"a\")|(copy [\"--user=1\"] \"a\" \"b\")")]
    [DataRow("FROM a\nFROBNICATE x", "(from \"a\")|(frobnicate)")]
    [DataRow("ARG A", "(arg \"A\")")]
    [DataRow("FROM a AS x\nFROM b AS x", "(from \"a\" \"AS\" \"x\")|(from \"b\" \"AS\" \"x\")")]
    [DataRow("FROM a b", "(from \"a\" \"b\")")]
    [DataRow("FROM a\nONBUILD ONBUILD RUN x", "(from \"a\")|(onbuild (onbuild (run \"x\")))")]
    [DataRow("FROM a\nCOPY x", "(from \"a\")|(copy \"x\")")]
    public void Parse_FileOnlyTheBuildRefuses_GivesItsTree(string text, string expected)
    {
        var syntax = DockerfileSyntaxParser.Parse(text, "Dockerfile");

        Assert.AreEqual(expected, SyntaxTreeDump.Format(syntax).TrimEnd('\n').Replace('\n', '|'));
        Assert.ThrowsExactly<DockerfileException>(() => DockerfileParser.Parse(syntax));
    }

    [TestMethod]
    [DataRow("", "KANIKO3005", 1, "the Dockerfile has no instructions")]
    [DataRow("# only\n\n   # comments\n", "KANIKO3005", 1, "the Dockerfile has no instructions")]
    [DataRow("# escape=x\nFROM a", "KANIKO3007", 1, "invalid escape token")]
    [DataRow("FROM a\n  ENV A\n", "KANIKO3003", 2, "ENV must have two arguments")]
    [DataRow("FROM a\nCMD [\"a\", 1]", "KANIKO3003", 2, "arrays must be comprised of strings only")]
    [DataRow("FROM a\nRUN <<EOF\necho\n", "KANIKO3008", 2, "unterminated heredoc EOF")]
    public void Parse_FileBuildKitsParserRefuses_FailsWithCodeAndLine(string text, string code, int line, string what)
    {
        var error = Assert.ThrowsExactly<DockerfileException>(() => DockerfileSyntaxParser.Parse(text, "Dockerfile"));

        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(line, error.Location.Line);
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    public void Parse_JsonWithALoneSurrogate_FallsBackToTheShellForm()
    {
        // Attribute arguments cannot carry a lone surrogate (metadata is UTF-8), so this case is not a DataRow.
        var syntax = DockerfileSyntaxParser.Parse("CMD [\"\ud83d\"]", "Dockerfile");

        Assert.IsFalse(syntax.Nodes[0].IsJson);
        Assert.AreEqual("[\"\ud83d\"]", syntax.Nodes[0].Values[0]);
        Assert.AreEqual("(cmd \"[\\\"\ufffd\\\"]\")", SyntaxTreeDump.Format(syntax.Nodes[0]));
    }

    [TestMethod]
    public void Parse_Instructions_KnowTheirStartAndEndLines()
    {
        const string Text = "# syntax=docker/dockerfile:1\nFROM a\n\nRUN a \\\n  # c\n  b\nCOPY <<EOF /x\n1\n2\nEOF\n  USER u \\\n";

        var syntax = DockerfileSyntaxParser.Parse(Text, "Dockerfile");

        Assert.AreEqual(
            "FROM 2:1-2 RUN 4:1-6 COPY 7:1-10 USER 11:3-11",
            string.Join(" ", syntax.Nodes.Select(n => $"{n.Keyword} {n.Location.Line}:{n.Location.Column}-{n.EndLine}")));
    }

    [TestMethod]
    [DataRow("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM a", "syntax=docker/dockerfile:1@1 escape=`@2 check=skip=JSONArgsRecommended@3", '`')]
    [DataRow("#syntax=x\nFROM a", "syntax=x@1", '\\')]
    [DataRow("\uFEFF# escape=`\nFROM a", "escape=`@1", '`')]
    [DataRow("FROM a\n# syntax=x", "", '\\')]
    [DataRow("# comment\n# syntax=x\nFROM a", "", '\\')]
    public void Parse_Directives_OnlyAtTheTop(string text, string expected, char escape)
    {
        var syntax = DockerfileSyntaxParser.Parse(text, "Dockerfile");

        Assert.AreEqual(expected, string.Join(" ", syntax.Directives.Select(d => $"{d.Name}={d.Value}@{d.Line}")));
        Assert.AreEqual(escape, syntax.Escape);
    }

    [TestMethod]
    [DataRow("", "a b", "\"a b\"")]
    [DataRow("", "q\"b\\s", "\"q\\\"b\\\\s\"")]
    [DataRow("", "\n\t\r\a\b\f\v", "\"\\n\\t\\r\\a\\b\\f\\v\"")]
    [DataRow("", "\u0000\u001b\u007f", "\"\\x00\\x1b\\x7f\"")]
    [DataRow("", "é€😀", "\"é€😀\"")]
    [DataRow("", "\u00a0\u200b", "\"\\u00a0\\u200b\"")]
    public void Quote_Value_MatchesGoStrconvQuote(string prefix, string value, string expected)
    {
        Assert.AreEqual(expected, prefix + GoQuotedString.Quote(value));
    }
}
