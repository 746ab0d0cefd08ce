using Kaniko.Engine.Building;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Dockerfiles;

/// <summary>The parser accepts every instruction; the executor still names the ones it cannot run, with their place.</summary>
[TestClass]
public sealed class ExecutorBoundaryTests
{
    [TestMethod]
    [DataRow("RUN echo hi", "RUN is not supported yet")]
    public void Create_InstructionTheExecutorCannotRun_FailsWithItsLocation(string line, string what)
    {
        var instruction = DockerfileParser.Parse("FROM a\nWORKDIR /app\n\n  " + line, "ctx/Dockerfile").Instructions[^1];

        var error = Assert.ThrowsExactly<DockerfileException>(() => BuildCommands.Create(instruction));

        Assert.AreEqual(DockerfileErrorCode.UnsupportedInstruction, error.Code);
        StringAssert.StartsWith(error.Message, "ctx/Dockerfile:4:3: ");
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    [DataRow("FROM scratch\nWORKDIR /app\n\nRUN echo \"this needs the sandbox\"\n", "4:1", "RUN is not supported yet")]
    public async Task Build_InstructionTheExecutorCannotRun_FailsAtItsLine(string text, string place, string what)
    {
        using var folder = new TestFolder();
        var dockerfile = folder.WriteFile("context/Dockerfile", text);

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => new ImageBuilder(NullLogger.Instance).BuildAsync(new BuildRequest
        {
            ContextDirectory = folder.Combine("context"),
            NoPush = true,
            OciLayoutPath = folder.Combine("out"),
        }));

        Assert.AreEqual(DockerfileErrorCode.UnsupportedInstruction, error.Code);
        StringAssert.StartsWith(error.Message, $"{dockerfile}:{place}: ");
        StringAssert.Contains(error.Message, what);
        Assert.IsFalse(Directory.Exists(folder.Combine("out")), "a failed build writes no output");
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
