using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// <c>dotnet publish</c> builds in the Kaniko build server, a process that outlives MSBuild and
/// serves the next publish: the same one while it lives, a new one after it was killed, none when
/// <c>KanikoBuildServer=false</c>; every way gives the same image.
/// </summary>
[TestClass]
public sealed partial class BuildServerPublishTests
{
    [TestMethod]
    public async Task Publish_IsServedByOneLongLivedServer_ANewOneAfterAKill_AndInProcessWhenOptedOut()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        using var sample = SampleProject.Copy("ConsoleApp");
        string[] publish = ["-c", "Release", "-p:KanikoPublish=true", "-p:KanikoIncremental=false", "-v:d",
            $"-p:ContainerRegistry={registry.Host}", $"-p:ContainerBaseImage={registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}"];

        var first = await sample.DotnetAsync("publish", publish);
        var server = ServerProcess(first);
        var serverSession = SessionOf(server.Process.Id);
        var second = await sample.DotnetAsync("publish", publish);
        var secondServer = ServerProcess(second);
        server.Process.Kill();
        await server.Process.WaitForExitAsync();
        var third = await sample.DotnetAsync("publish", publish);
        var thirdServer = ServerProcess(third);
        var inProcess = await sample.DotnetAsync("publish", [.. publish, "-p:KanikoBuildServer=false"]);
        thirdServer.Process.Kill();

        Assert.AreEqual(server.Process.Id, serverSession, "the server leads a session of its own: the terminal's Ctrl+C does not reach it");
        Assert.AreEqual(server.Address, secondServer.Address, "one environment, one server");
        Assert.AreEqual(server.Process.Id, secondServer.Process.Id, "the server outlived the first publish and served the second");
        Assert.AreEqual(server.Address, thirdServer.Address);
        Assert.AreNotEqual(server.Process.Id, thirdServer.Process.Id, "a killed server is replaced");
        Assert.AreEqual(0, inProcess.ExitCode, inProcess.StandardOutput);
        Assert.IsFalse(ServedBy().IsMatch(inProcess.StandardOutput), "KanikoBuildServer=false builds in MSBuild's process");
        var digests = new[] { first, second, third, inProcess }.Select(r => PublishTests.BuiltDigest().Match(r.StandardOutput).Groups[1].Value).ToList();
        Assert.AreEqual(1, digests.Distinct().Count(), string.Join(", ", digests));
        StringAssert.StartsWith(digests[0], "sha256:");
    }

    [TestMethod]
    public async Task BuildServerShutdown_StopsThePackagedServer_InThisEnvironmentsFolder()
    {
        var (feed, version) = await TasksPackage.EnsurePackedAsync();
        using var temp = TemporaryDirectory.Create("server-shutdown");
        System.IO.Compression.ZipFile.ExtractToDirectory(Path.Combine(feed, $"Kaniko.Tasks.{version}.nupkg"), temp.Combine("package"));
        var runtimeFolder = temp.Combine("runtime");
        Directory.CreateDirectory(runtimeFolder);
        File.SetUnixFileMode(runtimeFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var socket = Path.Combine(runtimeFolder, "kaniko-packaged.sock");
        var rid = "linux-" + System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { ArgumentList = { "exec", temp.Combine("package", "tasks", "net10.0", rid, "Kaniko.Tasks.dll"), "--kaniko-build-server", socket, "600" } };
        using var server = System.Diagnostics.Process.Start(start)!;
        for (var waited = 0; !File.Exists(socket) && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        var shutdown = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.ToolAssembly, "build-server", "shutdown"],
            environment: new Dictionary<string, string?> { ["XDG_RUNTIME_DIR"] = runtimeFolder }, checkExitCode: false);
        var exited = server.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.AreEqual(0, shutdown.ExitCode, shutdown.StandardError);
        Assert.AreEqual($"Stopped 1 Kaniko build server in {runtimeFolder}.", shutdown.StandardOutput.Trim());
        Assert.IsTrue(exited, "the packaged server (ReadyToRun for this machine) stopped");
        Assert.AreEqual(0, server.ExitCode);
        Assert.IsFalse(File.Exists(socket));
    }

    private static (string Address, System.Diagnostics.Process Process) ServerProcess(ProcessResult publish)
    {
        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput + publish.StandardError);
        var match = ServedBy().Match(publish.StandardOutput);
        Assert.IsTrue(match.Success, "the publish names its build server: " + publish.StandardOutput);
        var address = match.Groups[1].Value;
        var pid = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Single(pid => Contains(pid!, address));
        return (address, System.Diagnostics.Process.GetProcessById(int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces, so count from its ')'.
    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Contains(string pid, string address)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(address);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"Built by the Kaniko build server at (\S+)")]
    private static partial Regex ServedBy();
}
