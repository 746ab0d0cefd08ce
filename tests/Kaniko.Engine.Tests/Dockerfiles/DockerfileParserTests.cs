using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class DockerfileParserTests
{
    [TestMethod]
    [DataRow("COPY a b /dst", "2:1 COPY a,b -> /dst chown=- chmod=- from=-")]
    [DataRow("copy --chown=1654:1654 --chmod=755 --from=build app/ /app/", "2:1 COPY app/ -> /app/ chown=1654:1654 chmod=755 from=build")]
    [DataRow("COPY [\"my file\", \"/dst dir/\"]", "2:1 COPY my file -> /dst dir/ chown=- chmod=- from=-")]
    [DataRow("COPY [\"a\", /dst]", "2:1 COPY [\"a\", -> /dst] chown=- chmod=- from=-")]
    [DataRow("COPY --chown=\"app:app\" --from='build stage' a /dst", "2:1 COPY a -> /dst chown=app:app chmod=- from=build stage")]
    [DataRow("COPY a \\\n  b \\\n  /dst", "2:1 COPY a,b -> /dst chown=- chmod=- from=-")]
    [DataRow("COPY a \\   \n  /dst", "2:1 COPY a -> /dst chown=- chmod=- from=-")]
    [DataRow("COPY a \\\n# a comment inside\n  # an indented one\n  /dst", "2:1 COPY a -> /dst chown=- chmod=- from=-")]
    [DataRow("COPY a \\\n\n   \n  /dst", "2:1 COPY a -> /dst chown=- chmod=- from=-")]
    [DataRow("ENV A=1 B=\"two words\" C='x' D=", "2:1 ENV [A]=[1] [B]=[\"two words\"] [C]=['x'] [D]=[]")]
    [DataRow("ENV NAME some value  here ", "2:1 ENV [NAME]=[some value  here]")]
    [DataRow("ENV A=x\\ y B=\"q\\\"uote\"", "2:1 ENV [A]=[x\\ y] [B]=[\"q\\\"uote\"]")]
    [DataRow("ENV PATH=$PATH:/opt/bin", "2:1 ENV [PATH]=[$PATH:/opt/bin]")]
    [DataRow("LABEL org.opencontainers.image.title=\"Kaniko for .NET\" version=1", "2:1 LABEL [org.opencontainers.image.title]=[\"Kaniko for .NET\"] [version]=[1]")]
    [DataRow("LABEL maintainer Jane Doe", "2:1 LABEL [maintainer]=[Jane Doe]")]
    [DataRow("WORKDIR /app", "2:1 WORKDIR /app")]
    [DataRow("USER 1654:1654", "2:1 USER 1654:1654")]
    [DataRow("EXPOSE 8080 8443/tcp\t53/udp", "2:1 EXPOSE 8080,8443/tcp,53/udp")]
    [DataRow("ENTRYPOINT [\"dotnet\", \"App.dll\"]", "2:1 ENTRYPOINT exec dotnet|App.dll")]
    [DataRow("ENTRYPOINT dotnet App.dll", "2:1 ENTRYPOINT shell dotnet App.dll")]
    [DataRow("CMD [\"--urls\", http://+:8080]", "2:1 CMD shell [\"--urls\", http://+:8080]")]
    [DataRow("CMD [\"--port\", 8080]", "2:1 CMD shell [\"--port\", 8080]")]
    [DataRow("CMD []", "2:1 CMD exec ")]
    [DataRow("   cmd   echo hi  ", "2:4 CMD shell echo hi")]
    [DataRow("\n\n# comment\n\tUser app", "5:2 USER app")]
    [DataRow("WORKDIR /a\r\nUSER b\r\n", "2:1 WORKDIR /a ; 3:1 USER b")]
    public void Parse_Instruction_IsTypedWithItsLocation(string body, string expected)
    {
        var dockerfile = DockerfileParser.Parse("FROM scratch\n" + body, "Dockerfile");

        Assert.AreEqual(expected, InstructionDescription.Describe(new Dockerfile("Dockerfile", dockerfile.Instructions.Skip(1).ToArray())));
    }

    [TestMethod]
    [DataRow("FROM alpine", "1:1 FROM alpine as=- platform=-")]
    [DataRow("from alpine as build", "1:1 FROM alpine as=build platform=-")]
    [DataRow("FROM --platform=linux/arm64 mcr.microsoft.com/dotnet/runtime:10.0 AS Runtime", "1:1 FROM mcr.microsoft.com/dotnet/runtime:10.0 as=runtime platform=linux/arm64")]
    [DataRow("FROM a AS build\nFROM build AS final", "1:1 FROM a as=build platform=- ; 2:1 FROM build as=final platform=-")]
    [DataRow("# escape=`\nFROM a\nCOPY x `\n  /dst", "2:1 FROM a as=- platform=- ; 3:1 COPY x -> /dst chown=- chmod=- from=-")]
    [DataRow("# escape=`\nFROM a\nCOPY c:\\src\\ /dst", "2:1 FROM a as=- platform=- ; 3:1 COPY c:\\src\\ -> /dst chown=- chmod=- from=-")]
    [DataRow("#ESCAPE = \\\n# syntax=docker/dockerfile:1\nFROM a", "3:1 FROM a as=- platform=-")]
    [DataRow("# hello\n# escape=`\nFROM a\nWORKDIR /x \\\n  ", "3:1 FROM a as=- platform=- ; 4:1 WORKDIR /x")]
    [DataRow("FROM --platform=\"$BUILDPLATFORM\" a", "1:1 FROM a as=- platform=$BUILDPLATFORM")]
    [DataRow("\uFEFFFROM a", "1:1 FROM a as=- platform=-")]
    public void Parse_WholeFile_GivesItsInstructions(string text, string expected)
    {
        Assert.AreEqual(expected, InstructionDescription.Describe(DockerfileParser.Parse(text, "Dockerfile")));
    }

    [TestMethod]
    public void Parse_ContinuedInstruction_KeepsItsTextJoinedForHistory()
    {
        var dockerfile = DockerfileParser.Parse("FROM a\n  COPY --chown=app a \\\n    b /dst  \n", "Dockerfile");

        Assert.AreEqual("FROM a", dockerfile.Instructions[0].Text);
        Assert.AreEqual("COPY --chown=app a     b /dst", dockerfile.Instructions[1].Text);
        Assert.AreEqual(new SourceLocation("Dockerfile", 2, 3), dockerfile.Instructions[1].Location);
    }

    [TestMethod]
    [DataRow("", "KANIKO3005", 1, 1, "no instructions")]
    [DataRow("# only\n\n   # comments\n", "KANIKO3005", 1, 1, "no instructions")]
    [DataRow("COPY a b", "KANIKO3006", 1, 1, "COPY before the first FROM")]
    [DataRow("\n  WORKDIR /a\nFROM a", "KANIKO3006", 2, 3, "WORKDIR before the first FROM")]
    [DataRow("RUN make", "KANIKO3001", 1, 1, "RUN is not supported yet")]
    [DataRow("FROM a\nRUN echo hi", "KANIKO3001", 2, 1, "RUN is not supported yet")]
    [DataRow("FROM a\n  add x y", "KANIKO3001", 2, 3, "ADD is not supported yet")]
    [DataRow("FROM a\nARG X=1", "KANIKO3001", 2, 1, "ARG is not supported yet")]
    [DataRow("FROM a\n\tHEALTHCHECK NONE", "KANIKO3001", 2, 2, "HEALTHCHECK is not supported yet")]
    [DataRow("FROM a\nCOPY <<EOF /app/x\nhello\nEOF", "KANIKO3001", 2, 1, "COPY with a heredoc is not supported yet")]
    [DataRow("FROM a\nFOO bar", "KANIKO3002", 2, 1, "unknown instruction: FOO")]
    [DataRow("FROM a\nCOPY onlyone", "KANIKO3003", 2, 1, "COPY requires at least two arguments")]
    [DataRow("FROM a\nCOPY [\"one\"]", "KANIKO3003", 2, 1, "COPY requires at least two arguments")]
    [DataRow("FROM a\n\n\nCOPY \\\n  one", "KANIKO3003", 4, 1, "COPY requires at least two arguments")]
    [DataRow("FROM a\nCOPY --link a b", "KANIKO3004", 2, 1, "unknown flag: --link")]
    [DataRow("FROM a\nCOPY --from a b", "KANIKO3004", 2, 1, "missing a value on flag: --from")]
    [DataRow("FROM a\nCOPY --chown=1 --chown=2 a b", "KANIKO3004", 2, 1, "duplicate flag specified: --chown")]
    [DataRow("FROM a\nWORKDIR --x=1 /a", "KANIKO3004", 2, 1, "unknown flag: --x")]
    [DataRow("FROM --foo=bar a", "KANIKO3004", 1, 1, "unknown flag: --foo")]
    [DataRow("FROM a b", "KANIKO3003", 1, 1, "FROM requires either one or three arguments")]
    [DataRow("FROM", "KANIKO3003", 1, 1, "FROM requires either one or three arguments")]
    [DataRow("FROM a AS 1bad", "KANIKO3003", 1, 1, "invalid name for build stage")]
    [DataRow("FROM a\nENV", "KANIKO3003", 2, 1, "ENV requires at least one argument")]
    [DataRow("FROM a\nENV A=1 B", "KANIKO3003", 2, 1, "can't find = in \"B\"")]
    [DataRow("FROM a\nLABEL =x", "KANIKO3003", 2, 1, "LABEL names can not be blank")]
    [DataRow("FROM a\nENV A", "KANIKO3003", 2, 1, "ENV must have two arguments")]
    [DataRow("FROM a\nWORKDIR a b", "KANIKO3003", 2, 1, "WORKDIR requires exactly one argument")]
    [DataRow("FROM a\nUSER", "KANIKO3003", 2, 1, "USER requires exactly one argument")]
    [DataRow("FROM a\nEXPOSE", "KANIKO3003", 2, 1, "EXPOSE requires at least one argument")]
    [DataRow("FROM a\nCMD  ", "KANIKO3003", 2, 1, "CMD requires at least one argument")]
    [DataRow("# escape=x\nFROM a", "KANIKO3007", 1, 1, "invalid escape token 'x'")]
    [DataRow("# escape=`\n# escape=\\\nFROM a", "KANIKO3007", 2, 1, "only one escape parser directive")]
    public void Parse_InvalidDockerfile_FailsWithCodeAndLocation(string text, string code, int line, int column, string what)
    {
        var error = Assert.ThrowsExactly<DockerfileException>(() => DockerfileParser.Parse(text, "app/Dockerfile"));

        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(new SourceLocation("app/Dockerfile", line, column), error.Location);
        StringAssert.StartsWith(error.Message, $"app/Dockerfile:{line}:{column}: ");
        StringAssert.Contains(error.Message, what);
    }
}
