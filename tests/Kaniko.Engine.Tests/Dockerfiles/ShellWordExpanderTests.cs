using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class ShellWordExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["A"] = "a",
        ["EMPTY"] = string.Empty,
        ["SPACE"] = "x y",
        ["PATH"] = "/usr/bin",
        ["A_b"] = "underscore",
    };

    [TestMethod]
    [DataRow("$A", "a")]
    [DataRow("${A}", "a")]
    [DataRow("pre${A}post", "preapost")]
    [DataRow("$A_b", "underscore")]
    [DataRow("$A-b", "a-b")]
    [DataRow("${UNSET}x", "x")]
    [DataRow("${UNSET:-def}", "def")]
    [DataRow("${EMPTY:-def}", "def")]
    [DataRow("${EMPTY-def}", "")]
    [DataRow("${UNSET-def}", "def")]
    [DataRow("${A:-def}", "a")]
    [DataRow("${A:+alt}", "alt")]
    [DataRow("${EMPTY:+alt}", "")]
    [DataRow("${EMPTY+alt}", "alt")]
    [DataRow("${UNSET+alt}", "")]
    [DataRow("${UNSET:-${A}x}", "ax")]
    [DataRow("${UNSET:-\"q  w\"}", "q  w")]
    [DataRow("${A:-x\\}y}", "a")]
    [DataRow("${PATH}:/opt/bin", "/usr/bin:/opt/bin")]
    [DataRow("'$A'", "$A")]
    [DataRow("\"$A\"", "a")]
    [DataRow("\"'$A'\"", "'a'")]
    [DataRow("'\"$A\"'", "\"$A\"")]
    [DataRow("\\$A", "$A")]
    [DataRow("\"\\$A\"", "$A")]
    [DataRow("\"a\\b\"", "a\\b")]
    [DataRow("\"a\\\\b\"", "a\\b")]
    [DataRow("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [DataRow("a\\ b", "a b")]
    [DataRow("a b", "a b")]
    [DataRow("$", "$")]
    [DataRow("a$", "a$")]
    [DataRow("$1", "")]
    [DataRow("\"\"", "")]
    [DataRow("a\\", "a")]
    [DataRow("\"$SPACE\"", "x y")]
    public void Expand_Word_FollowsBuildKitShellLexer(string word, string expected)
    {
        Assert.AreEqual(expected, ShellWordExpander.Expand(word, Environment));
    }

    [TestMethod]
    [DataRow("`$A", "$A")]
    [DataRow("c:\\dir\\$A", "c:\\dir\\a")]
    [DataRow("\"`\"\"", "\"")]
    public void Expand_WithBacktickEscape_TreatsBackslashAsText(string word, string expected)
    {
        Assert.AreEqual(expected, ShellWordExpander.Expand(word, Environment, '`'));
    }

    [TestMethod]
    [DataRow("a b  c", "a|b|c")]
    [DataRow("  a\tb  ", "a|b")]
    [DataRow("\"a b\" c", "a b|c")]
    [DataRow("$SPACE z", "x|y|z")]
    [DataRow("\"$SPACE\" z", "x y|z")]
    [DataRow("pre$SPACE", "prex|y")]
    [DataRow("a\\ b", "a b")]
    [DataRow("a \"\" b", "a|b")]
    [DataRow("''", "")]
    [DataRow("${UNSET:-a b}", "a|b")]
    [DataRow("'a  b'c d", "a  bc|d")]
    public void ExpandAndSplit_Text_SplitsOnUnquotedWhitespace(string text, string expected)
    {
        Assert.AreEqual(expected, string.Join("|", ShellWordExpander.ExpandAndSplit(text, Environment)));
    }

    [TestMethod]
    [DataRow("'abc", "matching single-quote")]
    [DataRow("\"abc", "matching double-quote")]
    [DataRow("\"abc\\\"", "matching double-quote")]
    [DataRow("${A", "missing '}'")]
    [DataRow("${UNSET:-abc", "matching }")]
    [DataRow("${A:=x}", "unsupported modifier (:=)")]
    [DataRow("${A%x}", "unsupported modifier (%)")]
    [DataRow("${}", "bad substitution")]
    [DataRow("${UNSET:?must be set}", "UNSET: must be set")]
    [DataRow("${UNSET?}", "UNSET: is not allowed to be unset")]
    [DataRow("${EMPTY:?}", "EMPTY: is not allowed to be unset")]
    public void Expand_InvalidWord_FailsWithCode(string word, string what)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => ShellWordExpander.Expand(word, Environment));

        Assert.AreEqual("KANIKO3010", error.Code);
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    public void Expand_UnsetOrEmptyCheck_PassesWhenSet()
    {
        Assert.AreEqual("a", ShellWordExpander.Expand("${A:?}", Environment));
        Assert.AreEqual(string.Empty, ShellWordExpander.Expand("${EMPTY?}", Environment));
    }
}
