using Kaniko.Engine.Building;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Publishing;
using Kaniko.Engine.Server;
using Kaniko.TestInfrastructure;

namespace Kaniko.Engine.Tests.Server;

/// <summary>
/// The build server and its client in this process: a server started on the address the client
/// computes for this environment, so the client finds it running and never starts a process.
/// </summary>
[TestClass]
public sealed class BuildServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Build_ThroughTheServer_GivesTheInProcessDigest_AndRelaysTheLog()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY hello.txt /app/\nLABEL built=by-the-server\n");
        folder.WriteFile("context/hello.txt", "hello");
        await using var server = await RunningServer.StartAsync(folder, TimeSpan.FromMinutes(1));
        var log = new CapturingLogger();
        var request = new PublishRequest { ContextDirectory = folder.Combine("context"), DockerfilePath = folder.Combine("context", "Dockerfile"), NoPush = true, OciLayoutPath = folder.Combine("remote"), Reproducible = true };

        var remote = server.Client(log).TryBuild(request, TestContext.CancellationToken);
        var local = await new ImageBuilder(new CapturingLogger()).BuildAsync(request.ToBuildRequest() with { OciLayoutPath = folder.Combine("local") });

        Assert.IsNotNull(remote, log.Text);
        Assert.AreEqual(local.ManifestDigest.ToString(), remote.ManifestDigest);
        StringAssert.Contains(log.Messages, "COPY hello.txt /app/");
        StringAssert.Contains(log.Messages, "Built by the Kaniko build server");
        Assert.IsTrue(File.Exists(folder.Combine("remote", "index.json")), "the server wrote the layout the request named");
    }

    [TestMethod]
    public async Task DockerfileError_ThroughTheServer_IsRaisedWithItsCodeAndLocation()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY missing.txt /app/\n");
        await using var server = await RunningServer.StartAsync(folder, TimeSpan.FromMinutes(1));
        var request = new PublishRequest { ContextDirectory = folder.Combine("context"), DockerfilePath = folder.Combine("context", "Dockerfile"), NoPush = true, OciLayoutPath = folder.Combine("out") };

        var error = Assert.ThrowsExactly<DockerfileException>(() => server.Client(new CapturingLogger()).TryBuild(request, TestContext.CancellationToken));
        var missing = Assert.ThrowsExactly<KanikoException>(() => server.Client(new CapturingLogger()).TryBuild(
            request with { DockerfilePath = "Nope" }, TestContext.CancellationToken));

        Assert.AreEqual("KANIKO3201", error.Code);
        Assert.AreEqual((folder.Combine("context", "Dockerfile"), 2), (error.Location.File, error.Location.Line));
        Assert.AreEqual("KANIKO4002", missing.Code);
    }

    [TestMethod]
    public async Task TwoBuildsAtOnce_OnOneServer_BothGiveTheirInProcessDigests()
    {
        using var folder = new TestFolder();
        await using var server = await RunningServer.StartAsync(folder, TimeSpan.FromMinutes(1));
        var requests = new[] { "one", "two" }.Select(name =>
        {
            folder.WriteFile($"{name}/Dockerfile", $"FROM scratch\nCOPY {name}.txt /\n");
            folder.WriteFile($"{name}/{name}.txt", name);
            return new PublishRequest { ContextDirectory = folder.Combine(name), DockerfilePath = folder.Combine(name, "Dockerfile"), NoPush = true, OciLayoutPath = folder.Combine(name + "-out"), Reproducible = true };
        }).ToList();

        var remote = await Task.WhenAll(requests.Select(request => Task.Run(() => server.Client(new CapturingLogger()).TryBuild(request, TestContext.CancellationToken))));
        var local = new List<string>();
        foreach (var request in requests)
        {
            local.Add((await new ImageBuilder(new CapturingLogger()).BuildAsync(request.ToBuildRequest() with { OciLayoutPath = request.OciLayoutPath + "-local" })).ManifestDigest.ToString());
        }

        CollectionAssert.AreEqual(local, remote.Select(result => result?.ManifestDigest).ToList());
        Assert.AreNotEqual(local[0], local[1]);
    }

    [TestMethod]
    public async Task CancelledClient_CancelsTheServersBuild_AndStopsItsRun()
    {
        using var folder = new TestFolder();
        var layout = await BaseImages.EnsureLayoutAsync(TestContext.CancellationToken);
        folder.WriteFile("context/Dockerfile", $"FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\nRUN sleep 3737\n");
        await using var server = await RunningServer.StartAsync(folder, TimeSpan.FromMinutes(1));
        using var cancel = new CancellationTokenSource();
        var request = new PublishRequest { ContextDirectory = folder.Combine("context"), DockerfilePath = folder.Combine("context", "Dockerfile"), NoPush = true, OciLayoutPath = folder.Combine("out") };

        var build = Task.Run(() => server.Client(new CapturingLogger()).TryBuild(request, cancel.Token));
        var started = await EventuallyAsync(SleepRuns, TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();

        Assert.IsTrue(started, "the RUN started in the server");
        await Assert.ThrowsAsync<OperationCanceledException>(() => build);
        Assert.IsTrue(await EventuallyAsync(() => !SleepRuns(), TimeSpan.FromSeconds(30)), "the client going away stopped the server's RUN");
        Assert.IsFalse(File.Exists(folder.Combine("out", "index.json")), "a cancelled build writes no image");
    }

    [TestMethod]
    public async Task Shutdown_StopsEveryServerInTheFolder_AndRemovesSocketsNobodyListensOn()
    {
        using var folder = new TestFolder();
        var servers = new[] { "kaniko-a.sock", "kaniko-b.sock" }
            .Select(name => BuildServerHost.RunAsync(folder.Combine(name), TimeSpan.FromMinutes(1), TestContext.CancellationToken))
            .ToList();
        folder.WriteFile("kaniko-killed.sock", "left by a server that was killed");
        folder.WriteFile("other.sock", "not ours");
        while (!File.Exists(folder.Combine("kaniko-a.sock")) || !File.Exists(folder.Combine("kaniko-b.sock")))
        {
            await Task.Delay(10, TestContext.CancellationToken);
        }

        var stopped = BuildServerShutdown.StopAll(folder.Path);
        var exitCodes = await Task.WhenAll(servers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);

        Assert.AreEqual(2, stopped);
        CollectionAssert.AreEqual(new[] { 0, 0 }, exitCodes);
        CollectionAssert.AreEqual(new[] { "other.sock" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task IdleServer_Exits_AndRemovesItsSocket()
    {
        using var folder = new TestFolder();
        var socket = folder.Combine("idle.sock");

        var exitCode = await BuildServerHost.RunAsync(socket, TimeSpan.FromSeconds(1), TestContext.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.CancellationToken);

        Assert.AreEqual(0, exitCode);
        Assert.IsFalse(File.Exists(socket));
    }

    [TestMethod]
    public void Address_DependsOnTheEnvironmentAndTheServerBuild_InAFolderOnlyTheUserCanEnter()
    {
        using var folder = new TestFolder();
        var assembly = folder.WriteFile("server.dll", "one build");
        var environment = new Dictionary<string, string> { ["HOME"] = "/root", ["DOCKER_CONFIG"] = "/a" };

        var address = BuildServerAddress.For(assembly, environment)!;
        var same = BuildServerAddress.For(assembly, new Dictionary<string, string>(environment));
        var otherConfig = BuildServerAddress.For(assembly, new Dictionary<string, string>(environment) { ["DOCKER_CONFIG"] = "/b" });
        File.WriteAllText(assembly, "another build");
        var otherBuild = BuildServerAddress.For(assembly, environment);

        Assert.AreEqual(address, same);
        Assert.AreNotEqual(address, otherConfig);
        Assert.AreNotEqual(address, otherBuild);
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(address)!));
    }

    [TestMethod]
    public void Address_InARuntimeFolderOthersCanEnter_IsNotUsed()
    {
        using var folder = new TestFolder();
        var open = folder.Combine("open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF);
        var assembly = folder.WriteFile("server.dll", "build");

        var address = BuildServerAddress.For(assembly, new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = open });

        Assert.IsNotNull(address);
        Assert.IsFalse(address.StartsWith(open, StringComparison.Ordinal), address);
    }

    private static bool SleepRuns() => Directory.EnumerateDirectories("/proc")
        .Where(folder => Path.GetFileName(folder).All(char.IsAsciiDigit))
        .Any(folder =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(folder, "cmdline")) == "sleep\03737\0";
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>A server on the address a client in this process computes for a given server assembly.</summary>
    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly string _assembly;
        private Task<int> _run = Task.FromResult(0);

        private RunningServer(string assembly) => _assembly = assembly;

        public static async Task<RunningServer> StartAsync(TestFolder folder, TimeSpan idle)
        {
            // Its own server build, so no other test's server is found at the address.
            var server = new RunningServer(folder.WriteFile("server-" + Guid.NewGuid().ToString("N") + ".dll", "test"));
            var address = BuildServerAddress.For(server._assembly, EnvironmentSnapshot.Take())!;
            server._run = BuildServerHost.RunAsync(address, idle, server._stop.Token);
            while (!File.Exists(address))
            {
                await Task.Delay(10);
            }

            return server;
        }

        // "/bin/false" as the dotnet host: were the client to start a server, it would fail, and the test with it.
        public BuildServerClient Client(CapturingLogger log) => new(_assembly, "/bin/false", TimeSpan.FromMinutes(1), log);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Assert.AreEqual(0, await _run);
            _stop.Dispose();
        }
    }
}
