using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Sandbox;
using Kaniko.Engine.Snapshots;
using Kaniko.TestInfrastructure;

namespace Kaniko.Engine.Tests.Commands;

/// <summary>
/// A refused overlay mount is remembered by the build, not by the process: in the long-lived build
/// server the next build tries overlay again. Runs the host's static busybox as the image; needs root.
/// </summary>
[TestClass]
public sealed class RunOverlayRefusalTests
{
    private static readonly RunCommand Run = new(new RunInstruction(new SourceLocation("Dockerfile", 2, 1), "RUN echo made > /made", ["echo made > /made"], IsExecForm: false));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Run_AfterThisBuildWasRefusedOverlay_Walks()
    {
        using var folder = BusyboxStage();
        var refused = new OverlayRefusal();
        refused.Record();
        var logger = new CapturingLogger();

        var result = await Run.ExecuteAsync(Stage(folder, refused, logger), TestContext.CancellationToken);

        StringAssert.Contains(logger.Messages, "Walking snapshot");
        Assert.IsFalse(logger.Messages.Contains("Overlay snapshot", StringComparison.Ordinal), logger.Messages);
        CollectionAssert.Contains(result.Entries!.Select(e => e.Path).ToList(), "made");
    }

    [TestMethod]
    public async Task Run_InTheNextBuild_AfterAnEarlierBuildWasRefused_TriesOverlayAgain()
    {
        using var folder = BusyboxStage();
        var earlierBuild = new OverlayRefusal();
        earlierBuild.Record();
        var logger = new CapturingLogger();

        var result = await Run.ExecuteAsync(Stage(folder, new OverlayRefusal(), logger), TestContext.CancellationToken);

        Assert.IsTrue(earlierBuild.Refused);
        StringAssert.Contains(logger.Messages, "Overlay snapshot");
        Assert.IsFalse(logger.Messages.Contains("Walking snapshot", StringComparison.Ordinal), logger.Messages);
        CollectionAssert.Contains(result.Entries!.Select(e => e.Path).ToList(), "made");
    }

    private static StageState Stage(TestFolder folder, OverlayRefusal refusal, CapturingLogger logger) =>
        new(new RootDirectory(folder.Combine("stages", "0")), new BuildContextDirectory(folder.Combine("context")), new ImageConfig { Architecture = "amd64", Os = "linux" }, logger)
        {
            Run = new RunOptions { Snapshotter = SnapshotterKind.Overlay },
            OverlayRefusal = refusal,
        };

    private static TestFolder BusyboxStage()
    {
        var folder = new TestFolder();
        Directory.CreateDirectory(folder.Combine("context"));
        var bin = folder.Combine("stages", "0", "bin");
        Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        File.CreateSymbolicLink(Path.Combine(bin, "sh"), "busybox");
        File.CreateSymbolicLink(Path.Combine(bin, "echo"), "busybox");
        return folder;
    }
}
