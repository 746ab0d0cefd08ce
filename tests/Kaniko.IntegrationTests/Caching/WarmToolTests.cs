using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Caching;

/// <summary><c>dotnet kaniko warm</c> against a real registry, every request seen by a proxy in front of it.</summary>
[TestClass]
public sealed class WarmToolTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Warm_TwoImages_SecondRunAsksNothing_ForceDownloadsAgain_ExpiryRefetches()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps], ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var temp = TemporaryDirectory.Create("warm");
        string[] warm = ["warm", "--image", $"{proxy.Host}/busybox:latest", "--image", $"{proxy.Host}/dotnet/runtime-deps:10.0", "--cache-dir", temp.Combine("cache")];

        var first = await KanikoTool.RunAsync(warm);
        var firstBlobGets = BlobGets(proxy);
        var firstBlobs = BlobsFetched(proxy);
        proxy.ClearRequests();
        var second = await KanikoTool.RunAsync(warm);
        var secondRequests = proxy.Requests;
        proxy.ClearRequests();
        var forced = await KanikoTool.RunAsync([.. warm, "--force"]);
        var forcedBlobs = BlobsFetched(proxy);
        proxy.ClearRequests();
        var expired = await KanikoTool.RunAsync([.. warm, "--cache-ttl", "0s"]);
        var expiredRequests = proxy.Requests;

        Assert.AreEqual(0, first.ExitCode, first.StandardError);
        var digests = first.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, digests, first.StandardOutput);
        StringAssert.StartsWith(digests[0], $"{proxy.Host}/busybox:latest@sha256:");
        StringAssert.StartsWith(digests[1], $"{proxy.Host}/dotnet/runtime-deps:10.0@sha256:");
        Assert.IsGreaterThanOrEqualTo(4, firstBlobGets, "two configs and at least one layer each");
        Assert.AreEqual(0, second.ExitCode, second.StandardError);
        Assert.AreEqual(first.StandardOutput, second.StandardOutput);
        Assert.IsEmpty(secondRequests, "a warm image is not asked for again: " + string.Join("\n", secondRequests));
        Assert.AreEqual(0, forced.ExitCode, forced.StandardError);
        Assert.IsTrue(forcedBlobs.IsSupersetOf(firstBlobs), "--force downloads every blob again (the shared layer once per image)");
        Assert.AreEqual(0, expired.ExitCode, expired.StandardError);
        Assert.AreEqual(2, expiredRequests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)), string.Join("\n", expiredRequests));
        Assert.AreEqual(0, BlobGets(proxy), "an expired entry is fetched again, but blobs that verify are kept");

        using var index = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("cache", "images", "index.json")));
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("annotations"))
            .ToDictionary(a => a.GetProperty("org.opencontainers.image.ref.name").GetString()!, a => a.GetProperty("io.kaniko.dotnet.fetched").GetDateTimeOffset());
        CollectionAssert.AreEquivalent(new[] { $"{proxy.Host}/busybox:latest", $"{proxy.Host}/dotnet/runtime-deps:10.0" }, entries.Keys.ToArray());
        Assert.IsTrue(entries.Values.All(fetched => DateTimeOffset.UtcNow - fetched < TimeSpan.FromMinutes(5)), string.Join(", ", entries.Values));
    }

    [TestMethod]
    public async Task Warm_TwoProcessesAtOnceOnOneFolder_BothSucceed_AndKeepBothImages()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps], ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var temp = TemporaryDirectory.Create("warm-parallel");
        var cache = temp.Combine("cache");

        var runs = await Task.WhenAll(
            KanikoTool.RunAsync("warm", "--image", $"{proxy.Host}/busybox:latest", "--cache-dir", cache),
            KanikoTool.RunAsync("warm", "--image", $"{proxy.Host}/dotnet/runtime-deps:10.0", "--cache-dir", cache));
        proxy.ClearRequests();
        var again = await KanikoTool.RunAsync("warm", "--image", $"{proxy.Host}/busybox:latest", "--image", $"{proxy.Host}/dotnet/runtime-deps:10.0", "--cache-dir", cache);

        Assert.IsTrue(runs.All(run => run.ExitCode == 0), string.Join("\n", runs.Select(run => run.StandardError)));
        Assert.AreEqual(0, again.ExitCode, again.StandardError);
        Assert.IsEmpty(proxy.Requests, "both images are warm: " + string.Join("\n", proxy.Requests));
        Assert.IsEmpty(Directory.GetFiles(cache, "*.part-*", SearchOption.AllDirectories));
    }

    [TestMethod]
    public async Task Warm_KilledWhileWriting_LeavesOnlyIntactBlobs_AndTheNextWarmCompletes()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntimeDeps], ct);
        using var temp = TemporaryDirectory.Create("warm-killed");
        var cache = temp.Combine("cache");
        var image = $"{registry.Host}/dotnet/runtime-deps:10.0";

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { RepositoryPaths.ToolAssembly, "warm", "--image", image, "--cache-dir", cache })
        {
            start.ArgumentList.Add(argument);
        }

        using var warm = System.Diagnostics.Process.Start(start)!;
        var killedWhileWriting = false;
        while (!warm.HasExited && !killedWhileWriting)
        {
            if (Directory.Exists(cache) && Directory.EnumerateFiles(cache, "*.part-*", SearchOption.AllDirectories).Any())
            {
                warm.Kill(); // SIGKILL
                killedWhileWriting = true;
            }

            Thread.Yield();
        }

        await warm.WaitForExitAsync(ct);
        var offline = await KanikoTool.RunAsync("build", "--context", temp.Path, "--dockerfile", WriteDockerfile(temp, image), "--no-push", "--oci-layout-path", temp.Combine("out"), "--cache-dir", cache, "--offline");
        var again = await KanikoTool.RunAsync("warm", "--image", image, "--cache-dir", cache);

        Assert.IsTrue(killedWhileWriting, "the warm was killed with a write in progress");
        Assert.AreEqual(137, warm.ExitCode);
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(cache, "images", "blobs", "sha256")).Where(path => !path.Contains(".part-", StringComparison.Ordinal)))
        {
            Assert.AreEqual(Path.GetFileName(blob), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(blob))), "a blob under its own name is whole");
        }

        Assert.AreEqual(1, offline.ExitCode, "the killed warm recorded no entry: " + offline.StandardError);
        StringAssert.Contains(offline.StandardError, "error KANIKO4701");
        Assert.AreEqual(0, again.ExitCode, again.StandardError);
        StringAssert.StartsWith(again.StandardOutput, image + "@sha256:");
    }

    private static string WriteDockerfile(TemporaryDirectory temp, string from)
    {
        var path = temp.Combine("Dockerfile");
        File.WriteAllText(path, $"FROM {from}\n");
        return path;
    }

    [TestMethod]
    public async Task Warm_AfterTheTagMoved_KeepsTheCachedImageUntilItExpires()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
        using var temp = TemporaryDirectory.Create("warm-moved");
        string[] warm = ["warm", "--image", $"{registry.Host}/busybox:latest", "--cache-dir", temp.Combine("cache")];

        var before = await KanikoTool.RunAsync(warm);
        await Skopeo.CopyFromOciLayoutAsync(await BaseImages.EnsureLayoutAsync(ct), BaseImages.LayoutTag(BaseImage.DotnetRuntimeDeps), registry, "busybox:latest", "oci", ct);
        var fresh = await KanikoTool.RunAsync(warm);
        var expired = await KanikoTool.RunAsync([.. warm, "--cache-ttl", "1ms"]);

        Assert.AreEqual(0, before.ExitCode, before.StandardError);
        Assert.AreEqual(before.StandardOutput, fresh.StandardOutput, "an unexpired entry is trusted");
        Assert.AreEqual(0, expired.ExitCode, expired.StandardError);
        Assert.AreNotEqual(before.StandardOutput, expired.StandardOutput, "an expired entry follows the tag");
        using var current = await Skopeo.InspectAsync(registry, "busybox:latest", ct: ct);
        Assert.AreEqual($"{registry.Host}/busybox:latest@{current.RootElement.GetProperty("Digest").GetString()}", expired.StandardOutput.Trim());
    }

    [TestMethod]
    public async Task Warm_WithDockerfileAndBuildArg_WarmsItsRegistryImagesOnly()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox, BaseImage.DotnetRuntimeDeps], ct);
        using var temp = TemporaryDirectory.Create("warm-dockerfile");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"""
            ARG REGISTRY=registry.invalid
            ARG BASE=missing/image:1
            FROM $REGISTRY/$BASE AS base
            RUN true
            FROM base AS derived
            FROM scratch
            COPY --from={registry.Host}/busybox:latest /bin/busybox /busybox
            COPY --from=derived /etc /etc
            """);

        var warm = await KanikoTool.RunAsync("warm", "--dockerfile", dockerfile, "--build-arg", $"REGISTRY={registry.Host}", "--build-arg", "BASE=dotnet/runtime-deps:10.0", "--cache-dir", temp.Combine("cache"));

        Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
        var warmed = warm.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..line.IndexOf('@', StringComparison.Ordinal)]).ToArray();
        CollectionAssert.AreEqual(new[] { $"{registry.Host}/dotnet/runtime-deps:10.0", $"{registry.Host}/busybox:latest" }, warmed, warm.StandardOutput);
    }

    [TestMethod]
    public async Task Warm_TwoPlatformsOfAnIndex_StoresBoth_AndOfflineBuildsUseEither()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        await Registries.TwoPlatformImage.PushBusyboxAsync(registry, "multi/busybox:1", ct);
        using var temp = TemporaryDirectory.Create("warm-platforms");
        var cache = temp.Combine("cache");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "hello\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {registry.Host}/multi/busybox:1\nCOPY greeting.txt /greeting.txt\n");
        var hostPlatform = Kaniko.Engine.Images.Platform.Host.ToString();

        var onlyHost = await KanikoTool.RunAsync("warm", "--image", $"{registry.Host}/multi/busybox:1", "--cache-dir", cache);
        var armNotWarmed = await KanikoTool.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", temp.Combine("arm-too-early"), "--cache-dir", cache, "--offline", "--custom-platform", "linux/arm64");
        var both = await KanikoTool.RunAsync("warm", "--image", $"{registry.Host}/multi/busybox:1", "--cache-dir", cache, "--custom-platform", hostPlatform, "--custom-platform", "linux/arm64");
        await registry.DisposeAsync();
        var arm = await KanikoTool.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", temp.Combine("arm"), "--cache-dir", cache, "--offline", "--custom-platform", "linux/arm64");
        var host = await KanikoTool.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", temp.Combine("host"), "--cache-dir", cache, "--offline");

        Assert.AreEqual(0, onlyHost.ExitCode, onlyHost.StandardError);
        Assert.AreEqual(1, armNotWarmed.ExitCode, armNotWarmed.StandardError);
        StringAssert.Contains(armNotWarmed.StandardError, "error KANIKO4702");
        StringAssert.Contains(armNotWarmed.StandardError, "--custom-platform linux/arm64");
        Assert.AreEqual(0, both.ExitCode, both.StandardError);
        Assert.AreEqual(onlyHost.StandardOutput, both.StandardOutput, "the index digest is what the reference names");
        Assert.AreEqual(0, arm.ExitCode, arm.StandardError);
        Assert.AreEqual(0, host.ExitCode, host.StandardError);
        var armImage = await Kaniko.Engine.Images.OciLayoutReader.ReadAsync(temp.Combine("arm"), "latest", Kaniko.Engine.Images.Platform.Parse("linux/arm64"), ct);
        var hostImage = await Kaniko.Engine.Images.OciLayoutReader.ReadAsync(temp.Combine("host"), "latest", Kaniko.Engine.Images.Platform.Host, ct);
        Assert.AreEqual("arm64", armImage.Config.Architecture);
        Assert.AreEqual(Kaniko.Engine.Images.Platform.Host.Architecture, hostImage.Config.Architecture);
    }

    private static HashSet<string> BlobsFetched(FaultInjectingProxy proxy)
        => proxy.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)).Select(r => r.PathAndQuery[(r.PathAndQuery.LastIndexOf('/') + 1)..]).ToHashSet();

    private static int BlobGets(FaultInjectingProxy proxy)
        => proxy.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal));
}
