using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>The parser accepts every instruction; the executor still names the ones it cannot run, with their place.</summary>
[TestClass]
public sealed class ExecutorBoundaryTests
{
    [TestMethod]
    [DataRow("RUN echo hi", "RUN is not supported yet")]
    [DataRow("ADD a /b", "ADD is not supported yet")]
    [DataRow("ARG A=1", "ARG is not supported yet")]
    [DataRow("SHELL [\"/bin/bash\", \"-c\"]", "SHELL is not supported yet")]
    [DataRow("VOLUME /data", "VOLUME is not supported yet")]
    [DataRow("ONBUILD RUN make", "ONBUILD is not supported yet")]
    [DataRow("HEALTHCHECK NONE", "HEALTHCHECK is not supported yet")]
    [DataRow("STOPSIGNAL SIGTERM", "STOPSIGNAL is not supported yet")]
    [DataRow("MAINTAINER me", "MAINTAINER is not supported yet")]
    public void Create_InstructionTheExecutorCannotRun_FailsWithItsLocation(string line, string what)
    {
        var instruction = DockerfileParser.Parse("FROM a\nWORKDIR /app\n\n  " + line, "ctx/Dockerfile").Instructions[^1];

        var error = Assert.ThrowsExactly<DockerfileException>(() => BuildCommands.Create(instruction));

        Assert.AreEqual(DockerfileErrorCode.UnsupportedInstruction, error.Code);
        StringAssert.StartsWith(error.Message, "ctx/Dockerfile:4:3: ");
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    public void Parse_Error_CarriesAnExcerptOfTheLine()
    {
        var error = Assert.ThrowsExactly<DockerfileException>(() =>
            DockerfileParser.Parse("FROM a\n  COPY --nope=1 \\\n    src /dst", "Dockerfile"));

        Assert.AreEqual("COPY --nope=1     src /dst", error.Excerpt);
        Assert.AreEqual(new SourceLocation("Dockerfile", 2, 3), error.Location);
    }

    [TestMethod]
    public void Parse_LongLine_ExcerptIsShortened()
    {
        var error = Assert.ThrowsExactly<DockerfileException>(() =>
            DockerfileParser.Parse("FROM a\nBOGUS " + new string('x', 200), "Dockerfile"));

        Assert.AreEqual(63, error.Excerpt!.Length);
        StringAssert.EndsWith(error.Excerpt, "...");
    }
}
