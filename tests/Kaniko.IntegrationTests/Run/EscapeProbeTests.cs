using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>
/// A hostile program (testassets/EscapeProbe, built statically here) tries every known way out of the
/// sandbox, in RUN and in <c>dotnet kaniko run</c>, as root and as a user: a double chroot, inherited
/// folder descriptors, /proc/PID/root, writes to /proc/sys, /proc/sysrq-trigger and /sys, mount and
/// unshare, setns into pid 1's namespaces, reading the masked kernel paths (/proc/kcore, /proc/keys, /proc/timer_list, /sys/firmware). Each probe must report itself blocked, and the
/// host must show it: no marker under the host's /tmp, and the host-only file beside it never seen.
/// </summary>
[TestClass]
public sealed class EscapeProbeTests
{
    private static readonly string[] Probes =
        ["direct", "double-chroot", "inherited-fds", "proc-pid-root", "proc-sys", "sysrq-trigger", "sys", "mount", "nsenter", "masked"];

    private static RegistryServer s_registry = null!;
    private static TemporaryDirectory s_temp = null!;
    private static string s_probe = null!;

    [ClassInitialize]
    public static async Task BuildProbeAsync(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox]);
        s_temp = TemporaryDirectory.Create("escape-probe");
        s_probe = s_temp.Combine("escape-probe");
        await ProcessRunner.RunAsync("gcc", ["-O1", "-static", "-o", s_probe, Path.Combine(RepositoryPaths.TestAssets, "EscapeProbe", "escape-probe.c")]);
    }

    [ClassCleanup]
    public static async Task CleanUpAsync()
    {
        s_temp.Dispose();
        await s_registry.DisposeAsync();
    }

    [TestMethod]
    [DataRow("0:0", "overlay")]
    [DataRow("1000:1000", "overlay")]
    [DataRow("0:0", "walk")]
    [DataRow("1000:1000", "walk")]
    public async Task Probes_InRunAndInKanikoRun_AreAllBlockedAndTheHostIsUnchanged(string user, string snapshotter)
    {
        using var host = HostOnlyFolder.Create();
        using var temp = TemporaryDirectory.Create("escape-build");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.Copy(s_probe, Path.Combine(context, "escape-probe"));
        File.SetUnixFileMode(Path.Combine(context, "escape-probe"), (UnixFileMode)0b111_101_101);
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"""
            FROM {s_registry.Host}/busybox:latest
            COPY escape-probe /escape-probe
            RUN cp /escape-probe /setuid-probe && chmod 4755 /setuid-probe
            USER {user}
            RUN ["/escape-probe", "{host.Marker}", "{host.HostOnlyFile}"]
            RUN ["/setuid-probe", "--euid"]
            """);
        string[] walkOptions = snapshotter == "walk" ? ["--snapshotter", "walk"] : [];
        var image = $"{s_registry.Host}/tests/escape:{user.Replace(':', '-')}-{snapshotter}";

        var build = await KanikoTool.RunAsync(["build", "--context", context, "--dockerfile", dockerfile, "--destination", image, .. walkOptions]);
        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        AssertAllBlocked(build.StandardOutput + build.StandardError, user, "RUN");
        host.AssertUnchanged("RUN");
        // As Docker and BuildKit, no no_new_privs: a setuid binary (sudo, su, ping) works in RUN.
        StringAssert.Contains(build.StandardOutput + build.StandardError, "| euid 0", "a setuid-root program did not run as root");

        var run = await KanikoTool.RunAsync("run", image, "--", "/escape-probe", host.Marker, host.HostOnlyFile);
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        AssertAllBlocked(run.StandardOutput, user, "dotnet kaniko run");
        host.AssertUnchanged("dotnet kaniko run");
    }

    [TestMethod]
    public async Task Probes_WithNetworkNone_AreAllBlocked()
    {
        using var host = HostOnlyFolder.Create();
        using var temp = TemporaryDirectory.Create("escape-build");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.Copy(s_probe, Path.Combine(context, "escape-probe"));
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"""
            FROM {s_registry.Host}/busybox:latest
            COPY --chmod=755 escape-probe /escape-probe
            RUN --network=none ["/escape-probe", "{host.Marker}", "{host.HostOnlyFile}"]
            """);

        var build = await KanikoTool.RunAsync("build", "--context", context, "--dockerfile", dockerfile, "--no-push", "--snapshotter", "walk");

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        AssertAllBlocked(build.StandardOutput + build.StandardError, "0:0", "RUN --network=none");
        host.AssertUnchanged("RUN --network=none");
    }

    private static void AssertAllBlocked(string output, string user, string where)
    {
        var lines = output.Split('\n').Select(line => line.Trim()).ToList();
        var uid = user.Split(':')[0];
        Assert.IsTrue(lines.Any(line => line.EndsWith($"probe as uid {uid} gid {user.Split(':')[1]}", StringComparison.Ordinal)), $"{where}: the probe did not run as {user}:\n{output}");
        foreach (var probe in Probes)
        {
            var result = lines.SingleOrDefault(line => line.Contains($"probe {probe}: ", StringComparison.Ordinal));
            Assert.IsNotNull(result, $"{where}: probe {probe} did not report:\n{output}");
            StringAssert.Contains(result, ": blocked (", $"{where} as {user}: {result}");
            Console.WriteLine($"{where} as {user}: {result}");
        }
    }

    /// <summary>A folder under the host's /tmp, absent from every image: the probes try to write into it and to see its file.</summary>
    private sealed class HostOnlyFolder : IDisposable
    {
        private HostOnlyFolder(string folder)
        {
            Folder = folder;
            Directory.CreateDirectory(folder);
            File.WriteAllText(HostOnlyFile, "host only\n");
        }

        public string Folder { get; }

        public string Marker => Path.Combine(Folder, "escaped-marker");

        public string HostOnlyFile => Path.Combine(Folder, "host-only-file");

        public static HostOnlyFolder Create() => new("/tmp/kaniko-escape-" + Guid.NewGuid().ToString("N"));

        public void AssertUnchanged(string where)
        {
            Assert.IsFalse(File.Exists(Marker), $"{where}: the probe left its marker on the host");
            CollectionAssert.AreEqual(new[] { HostOnlyFile }, Directory.GetFileSystemEntries(Folder), $"{where}: the host folder changed");
        }

        public void Dispose() => Directory.Delete(Folder, recursive: true);
    }
}
