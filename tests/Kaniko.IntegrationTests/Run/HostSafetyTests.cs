using Kaniko.Engine.Filesystem;

namespace Kaniko.IntegrationTests.Run;

/// <summary>A RUN that attacks its host changes nothing of it: /etc, /tmp, the mount table and the hostname stay.</summary>
[TestClass]
public sealed class HostSafetyTests
{
    [TestMethod]
    [DataRow("overlay")]
    [DataRow("walk")]
    public async Task Run_HostileCommand_LeavesTheHostAsItWas(string snapshotter)
    {
        var etcBefore = Listing("/etc");
        var mountsBefore = MountTable();
        var hostnameBefore = File.ReadAllText("/proc/sys/kernel/hostname");

        await using var build = await RunBuild.StartAsync("run-hostile", "--snapshotter", snapshotter);

        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        CollectionAssert.AreEqual(etcBefore, Listing("/etc"), "the host's /etc changed");
        Assert.IsFalse(File.Exists("/etc/hostfile"));
        Assert.IsFalse(File.Exists("/tmp/kaniko-hostile-marker"), "the host's /tmp changed");
        CollectionAssert.AreEqual(mountsBefore, MountTable(), "the host's mount table changed");
        Assert.AreEqual(hostnameBefore, File.ReadAllText("/proc/sys/kernel/hostname"));
        var (rootfs, _) = await build.UnpackAsync();
        Assert.AreEqual("owned\n", File.ReadAllText(Path.Combine(rootfs, "etc/hostfile")), "the write landed in the image");
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "survived.txt")), "kill -9 1 did not stop the command");
        Assert.IsFalse(Directory.Exists(Path.Combine(rootfs, "mnt/t/anything")));
    }

    private static List<string> Listing(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(path => FileStatus.TryRead(path) is { } status ? $"{path} {status.Mode} {status.Size} {status.ModificationTime:O}" : path)
            .ToList();

    // Mount ids and options, without the per-process fields that differ between readers.
    private static List<string> MountTable() => File.ReadAllLines("/proc/self/mountinfo").Order(StringComparer.Ordinal).ToList();
}
