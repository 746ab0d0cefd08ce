using Kaniko.Engine.Filesystem;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

[TestClass]
public sealed class RunInstructionTests
{
    [TestMethod]
    public async Task Run_FileChanges_AreInTheUnpackedImage()
    {
        await using var build = await RunBuild.StartAsync("run-files");
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        var (rootfs, layout) = await build.UnpackAsync();
        string At(string path) => Path.Combine(rootfs, "data", path);

        Assert.AreEqual("created\n", File.ReadAllText(At("created.txt")));
        Assert.AreEqual("one\ntwo\n", File.ReadAllText(At("append.txt")));
        Assert.IsFalse(File.Exists(At("gone.txt")), "a deleted file is gone after unpacking");
        Assert.IsFalse(Directory.Exists(At("old")), "a deleted directory is gone after unpacking");
        var names = await RunBuild.LayerEntryNamesAsync(layout);
        CollectionAssert.Contains(names, "data/.wh.gone.txt");
        CollectionAssert.Contains(names, "data/.wh.old");
        var meta = FileStatus.Read(At("meta.txt"));
        Assert.AreEqual((1654, 1654, Convert.ToInt32("600", 8)), (meta.Uid, meta.Gid, meta.Permissions));
        Assert.AreEqual("link-target", new FileInfo(At("dir-to-link")).LinkTarget, "a directory replaced by a symlink");
        Assert.IsNull(new DirectoryInfo(At("link-to-dir")).LinkTarget, "a symlink replaced by a directory");
        Assert.AreEqual("now-a-dir\n", File.ReadAllText(At("link-to-dir/file")));
        Assert.AreEqual(FileStatus.Read(At("created.txt")).Inode, FileStatus.Read(At("hardlink.txt")).Inode, "hard links stay linked");
        Assert.AreEqual(Convert.ToInt32("4755", 8), FileStatus.Read(At("setuid-tool")).Permissions);
        Assert.IsTrue(File.Exists(At("exec-form")));
        Assert.AreEqual("heredoc script in /data\n", File.ReadAllText(At("heredoc.txt")));
        Assert.AreEqual("from a shell heredoc\n", File.ReadAllText(At("shell-heredoc.txt")));
        Assert.IsFalse(Directory.Exists(Path.Combine(rootfs, "proc")), "the sandbox's /proc is not captured");
        Assert.IsFalse(Directory.Exists(Path.Combine(rootfs, "dev")), "the sandbox's /dev is not captured");
        Assert.IsFalse(Directory.Exists(Path.Combine(rootfs, "sys")), "the sandbox's /sys is not captured");
        Assert.IsFalse(File.Exists(Path.Combine(rootfs, "etc/hosts")), "the host's /etc/hosts is not captured");
        Assert.IsFalse(names.Any(name => name is "etc/hosts" or "etc/resolv.conf" || name.StartsWith("proc/", StringComparison.Ordinal) || name.StartsWith("sys/", StringComparison.Ordinal) || name.StartsWith("dev/", StringComparison.Ordinal)), "no layer holds the sandbox's mounts");
    }

    [TestMethod]
    [DataRow(new string[0], "hello from /bin/sh with env-value and value")]
    [DataRow(new[] { "--build-arg", "GREETING=hi" }, "hi from /bin/sh with env-value and value")]
    public async Task Run_SeesArgsAndEnvThroughTheStagesShell_ButArgsStayOutOfTheImage(string[] buildArguments, string expected)
    {
        await using var build = await RunBuild.StartAsync("run-args", buildArguments);
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        var (rootfs, _) = await build.UnpackAsync();

        Assert.AreEqual(expected + "\n", File.ReadAllText(Path.Combine(rootfs, "greeting.txt")));
        using var config = await Skopeo.InspectAsync(build.Registry, build.Reference, config: true);
        var env = config.RootElement.GetProperty("config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        CollectionAssert.Contains(env, "FROM_ENV=env-value");
        Assert.IsFalse(env.Any(e => e.StartsWith("GREETING=", StringComparison.Ordinal) || e.StartsWith("UNUSED_IN_IMAGE=", StringComparison.Ordinal)), "ARGs are not ENV");
        var history = config.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()!).ToList();
        Assert.IsTrue(history.Any(h => h.StartsWith("RUN /bin/sh -ec echo", StringComparison.Ordinal)), "the RUN went through SHELL: " + string.Join(" | ", history));
    }

    [TestMethod]
    public async Task Run_SeesUndeclaredProxyBuildArg_ButConfigAndHistoryDoNot()
    {
        const string Proxy = "http://proxy.invalid:3128";
        await using var build = await RunBuild.StartAsync("run-proxy-args", "--build-arg", "http_proxy=" + Proxy);
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        var (rootfs, _) = await build.UnpackAsync();

        Assert.AreEqual(Proxy + "\n", File.ReadAllText(Path.Combine(rootfs, "proxy.txt")));
        using var config = await Skopeo.InspectAsync(build.Registry, build.Reference, config: true);
        var env = config.RootElement.GetProperty("config").TryGetProperty("Env", out var entries)
            ? entries.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];
        Assert.IsFalse(env.Any(e => e.Contains("proxy.invalid", StringComparison.Ordinal)), "the proxy is not ENV: " + string.Join(" ", env));
        var history = config.RootElement.GetProperty("history").EnumerateArray().Select(h => h.TryGetProperty("created_by", out var by) ? by.GetString()! : "").ToList();
        Assert.IsFalse(history.Any(h => h.Contains("proxy.invalid", StringComparison.Ordinal)), "the proxy is not in the history: " + string.Join(" | ", history));
        StringAssert.DoesNotMatch(build.Result.StandardError, new System.Text.RegularExpressions.Regex("http_proxy.*not (used|consumed)"), "a proxy build-arg is not reported unused");
    }

    [TestMethod]
    public async Task Run_History_IsWrittenAsBuildKitDoes()
    {
        await using var build = await RunBuild.StartAsync("run-files");
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);

        using var config = await Skopeo.InspectAsync(build.Registry, build.Reference, config: true);
        var history = config.RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("created_by").GetString()).ToList();

        CollectionAssert.Contains(history, "RUN /bin/touch /data/exec-form # buildkit");
        Assert.IsTrue(history.Any(h => h!.StartsWith("RUN /bin/sh -c echo created > created.txt", StringComparison.Ordinal) && h.EndsWith(" # buildkit", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Run_AsUserApp_WritesItsHomeButNotRoot()
    {
        await using var build = await RunBuild.StartAsync("run-user");
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        var (rootfs, _) = await build.UnpackAsync();

        Assert.AreEqual("mine\n", File.ReadAllText(Path.Combine(rootfs, "home/app/made.txt")));
        Assert.AreEqual("1654", File.ReadAllText(Path.Combine(rootfs, "home/app/uid")).Trim());
        Assert.AreEqual("1654", File.ReadAllText(Path.Combine(rootfs, "home/app/groups")).Trim());
        var made = FileStatus.Read(Path.Combine(rootfs, "home/app/made.txt"));
        Assert.AreEqual((1654, 1654), (made.Uid, made.Gid));
        Assert.IsFalse(File.Exists(Path.Combine(rootfs, "root/forbidden")));
    }

    [TestMethod]
    public async Task Run_FailingCommand_ExitsOneWithCodeAndOutputTailAndPushesNothing()
    {
        await using var build = await RunBuild.StartAsync("run-failing");

        Assert.AreEqual(1, build.Result.ExitCode);
        StringAssert.Contains(build.Result.StandardError, "KANIKO5001");
        StringAssert.Contains(build.Result.StandardError, $"{build.Dockerfile}:2:1");
        StringAssert.Contains(build.Result.StandardError, "returned a non-zero code: 3");
        StringAssert.Contains(build.Result.StandardError, "the reason it fails");
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{build.Registry.Host}/{build.Reference}"], checkExitCode: false);
        Assert.AreNotEqual(0, inspect.ExitCode, "nothing was pushed");
    }

    [TestMethod]
    public async Task Run_NetworkNone_SeesOnlyLoopback()
    {
        await using var build = await RunBuild.StartAsync("run-network");
        Assert.AreEqual(0, build.Result.ExitCode, build.Result.StandardError);
        var (rootfs, _) = await build.UnpackAsync();

        CollectionAssert.AreEqual(new[] { "lo" }, File.ReadAllLines(Path.Combine(rootfs, "interfaces-none")));
        Assert.IsTrue(File.ReadAllLines(Path.Combine(rootfs, "interfaces-host")).Length > 1, "without the flag RUN shares the host's network");
    }

    [TestMethod]
    public async Task Run_TenMegabyteShellCommand_RunsAndIsNotEchoedWhole()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        using var temp = TemporaryDirectory.Create("run-long");
        var context = Directory.CreateDirectory(temp.Combine("context")).FullName;
        var dockerfile = temp.Combine("Dockerfile");
        const int length = 10 * 1024 * 1024;
        await File.WriteAllTextAsync(dockerfile, $"FROM {registry.Host}/busybox:latest\nRUN x={new string('a', length)}; echo \"length=${{#x}}\"\n");

        var result = await KanikoTool.RunAsync("build", "--context", context, "--dockerfile", dockerfile, "--no-push");

        var output = result.StandardOutput + result.StandardError;
        Assert.AreEqual(0, result.ExitCode, output.Length > 4000 ? output[..4000] : output);
        StringAssert.Contains(output, $"length={length}");
        Assert.IsTrue(output.Length < 64 * 1024, $"the log echoes the command: {output.Length} characters");
    }
}
