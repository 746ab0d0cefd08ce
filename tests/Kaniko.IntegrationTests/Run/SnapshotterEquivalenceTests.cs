using System.Security.Cryptography;
using Kaniko.Engine.Filesystem;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>
/// The walking snapshotter (forced with --snapshotter walk) gives the same image as the overlay one:
/// the unpacked trees list the same paths with the same type, mode, owner, link target and content.
/// </summary>
[TestClass]
public sealed class SnapshotterEquivalenceTests
{
    [TestMethod]
    [DataRow("run-files", "full")]
    [DataRow("run-files", "redo")]
    [DataRow("run-user", "full")]
    [DataRow("run-user", "time")]
    [DataRow("run-args", "full")]
    [DataRow("run-network", "redo")]
    [DataRow("run-hostile", "full")]
    public async Task Run_WalkingSnapshotter_GivesTheSameTreeAsOverlay(string asset, string mode)
    {
        await using var overlay = await RunBuild.StartAsync(asset, "--snapshotter", "overlay");
        await using var walk = await RunBuild.StartAsync(asset, "--snapshotter", "walk", "--snapshot-mode", mode, "--verbosity", "detailed");
        Assert.AreEqual(0, overlay.Result.ExitCode, overlay.Result.StandardError);
        Assert.AreEqual(0, walk.Result.ExitCode, walk.Result.StandardError);
        StringAssert.Contains(walk.Result.StandardError, "Walking snapshot", "the walk was used");

        var expected = Tree((await overlay.UnpackAsync()).RootFs);
        var actual = Tree((await walk.UnpackAsync()).RootFs);

        CollectionAssert.AreEqual(expected, actual, "only in overlay: " + string.Join(", ", expected.Except(actual)) + "; only in walk: " + string.Join(", ", actual.Except(expected)));
    }

    [TestMethod]
    public async Task Run_TimeMode_MissesChmodAsKanikosDoes()
    {
        await using var walk = await RunBuild.StartAsync("run-files", "--snapshotter", "walk", "--snapshot-mode", "time");
        Assert.AreEqual(0, walk.Result.ExitCode, walk.Result.StandardError);
        var (rootfs, layout) = await walk.UnpackAsync();

        Assert.AreEqual(Convert.ToInt32("644", 8), FileStatus.Read(Path.Combine(rootfs, "data/meta.txt")).Permissions, "time mode compares mtimes only");
        CollectionAssert.Contains(await RunBuild.LayerEntryNamesAsync(layout), "data/.wh.gone.txt", "deletions are found in every mode");
    }

    [TestMethod]
    public async Task Run_OverlayRefused_FallsBackToTheWalkAndSaysSo()
    {
        // The work folder lies on an overlay, which the kernel refuses as an upper folder; the
        // overlay is mounted in a private mount namespace around the tool, so the host never sees it.
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        using var temp = TemporaryDirectory.Create("run-fallback");
        var dockerfile = KanikoTool.DockerfileFor("run-files", registry.Host, temp);
        const string OnOverlay = "set -e; d=$1; shift; mkdir -p $d/l $d/u $d/w $d/m; mount -t overlay overlay -o lowerdir=$d/l,upperdir=$d/u,workdir=$d/w $d/m; TMPDIR=$d/m exec \"$@\"";
        var result = await ProcessRunner.RunAsync("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", OnOverlay, "sh", temp.Combine("nested"),
            "dotnet", RepositoryPaths.ToolAssembly, "build", "--context", KanikoTool.ContextFor("run-files"), "--dockerfile", dockerfile, "--destination", $"{registry.Host}/tests/run:1"], checkExitCode: false);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardError, "falls back to the walking snapshotter");
        var layout = temp.Combine("layout");
        await Skopeo.CopyToOciLayoutAsync(registry, "tests/run:1", layout, "run");
        CollectionAssert.Contains(await RunBuild.LayerEntryNamesAsync(layout), "data/.wh.gone.txt");
    }

    /// <summary>One line per path: type, mode, owner, link target or content hash; mtimes left out.</summary>
    internal static List<string> Tree(string rootfs)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        return Directory.EnumerateFileSystemEntries(rootfs, "*", options)
            .Select(path =>
            {
                var status = FileStatus.Read(path);
                var what = status switch
                {
                    { IsSymbolicLink: true } => "-> " + new FileInfo(path).LinkTarget,
                    { IsRegularFile: true } => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))[..16] + $" links={status.LinkCount}",
                    _ => "",
                };
                return $"{Path.GetRelativePath(rootfs, path)} {status.Mode:x} {status.Uid}:{status.Gid} {what}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
