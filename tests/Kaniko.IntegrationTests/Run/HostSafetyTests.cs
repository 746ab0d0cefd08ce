using Kaniko.Engine.Filesystem;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>A RUN that attacks its host changes nothing of it: /etc, /tmp, the mount table and the hostname stay.</summary>
[TestClass]
public sealed class HostSafetyTests
{
    // The build runs as a user runs it, with kaniko's work folder in /tmp. Other tests and other programs
    // write the machine's /tmp at any moment, so the build gets a /tmp of its own that nothing else
    // writes: a fresh tmpfs in a mount namespace around the tool, listed before and after the build by
    // the same shell. The tool, its sandbox and the RUN see it as the host's /tmp. Its entries are
    // compared, not /tmp's own mtime, which kaniko's work folder (created and removed there) moves. (A leak into the
    // machine's real /tmp is still looked for by the marker the RUN tries to leave there.) A repository
    // cloned under /tmp (CI does) is bound back in at its path, so the tool can start; the listing stays
    // on the tmpfs (-xdev) and so leaves the repository out.
    private const string PrivateTmpScript =
        """
        set -e
        mount --bind /tmp /mnt
        mount -t tmpfs -o mode=1777 kaniko-host-safety /tmp
        case "$KANIKO_REPOSITORY" in
          /tmp/*) mkdir -p "$KANIKO_REPOSITORY"; mount --bind "/mnt/${KANIKO_REPOSITORY#/tmp/}" "$KANIKO_REPOSITORY" ;;
        esac
        umount /mnt
        mkdir /tmp/host-folder && echo host > /tmp/host-folder/host-file
        list() { find /tmp -xdev -mindepth 1 -printf '%p %y %m %U:%G %s %T@\n' | sort; }
        list > "$1"
        shift
        set +e
        "$@"
        status=$?
        list > "$PRIVATE_TMP_AFTER"
        exit $status
        """;

    [TestMethod]
    [DataRow("overlay")]
    [DataRow("walk")]
    public async Task Run_HostileCommand_LeavesTheHostAsItWas(string snapshotter)
    {
        var etcBefore = Listing("/etc");
        var mountsBefore = MountTable();
        var hostnameBefore = File.ReadAllText("/proc/sys/kernel/hostname");

        await using var build = await RunBuild.StartAsync("run-hostile", RunWithPrivateTmpAsync, "/var/tmp/kaniko-tests", "--snapshotter", snapshotter);

        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        CollectionAssert.AreEqual(etcBefore, Listing("/etc"), "the host's /etc changed");
        Assert.IsFalse(File.Exists("/etc/hostfile"));
        var tmpBefore = File.ReadAllLines(build.Temp.Combine("tmp-before"));
        Assert.AreEqual(1, tmpBefore.Count(line => line.StartsWith("/tmp/host-folder/host-file f ", StringComparison.Ordinal)), "the listing misses the seeded file");
        CollectionAssert.AreEqual(tmpBefore, File.ReadAllLines(build.Temp.Combine("tmp-after")), "the host's /tmp changed");
        Assert.IsFalse(File.Exists("/tmp/kaniko-hostile-marker"), "the machine's /tmp changed");
        CollectionAssert.AreEqual(mountsBefore, MountTable(), "the host's mount table changed");
        Assert.AreEqual(hostnameBefore, File.ReadAllText("/proc/sys/kernel/hostname"));
        var (rootfs, _) = await build.UnpackAsync();
        Assert.AreEqual("owned\n", File.ReadAllText(Path.Combine(rootfs, "etc/hostfile")), "the write landed in the image");
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "survived.txt")), "kill -9 1 did not stop the command");
        Assert.IsFalse(Directory.Exists(Path.Combine(rootfs, "mnt/t/anything")));
    }

    private static Task<ProcessResult> RunWithPrivateTmpAsync(IReadOnlyList<string> arguments, TemporaryDirectory temp) =>
        ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", PrivateTmpScript, "host-safety", temp.Combine("tmp-before"),
                "dotnet", RepositoryPaths.ToolAssembly, .. arguments],
            environment: new Dictionary<string, string?> { ["TMPDIR"] = null, ["PRIVATE_TMP_AFTER"] = temp.Combine("tmp-after"), ["KANIKO_REPOSITORY"] = RepositoryPaths.Root },
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(5));

    private static List<string> Listing(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(path => FileStatus.TryRead(path) is { } status ? $"{path} {status.Mode} {status.Size} {status.ModificationTime:O}" : path)
            .ToList();

    // Mount ids and options, without the per-process fields that differ between readers.
    private static List<string> MountTable() => File.ReadAllLines("/proc/self/mountinfo").Order(StringComparer.Ordinal).ToList();
}
