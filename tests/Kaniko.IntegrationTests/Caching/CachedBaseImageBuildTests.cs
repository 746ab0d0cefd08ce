using System.Security.Cryptography;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Caching;

/// <summary><c>dotnet kaniko build --cache-dir</c> (and <c>--offline</c>): FROM resolved from the warmed cache folder.</summary>
[TestClass]
public sealed class CachedBaseImageBuildTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Build_FromWarmedCache_WithTheRegistryStopped_PinnedOrOffline_GivesTheImageBuiltOnline()
    {
        var ct = TestContext.CancellationToken;
        var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        string host = registry.Host;
        using var temp = TemporaryDirectory.Create("cached-build");
        var cache = temp.Combine("cache");
        ProcessResult warm, pinnedOnline, tagOnline;
        string pinned, tagged;
        try
        {
            await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
            warm = await KanikoTool.RunAsync("warm", "--image", $"{host}/busybox:latest", "--cache-dir", cache);
            Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
            var digest = warm.StandardOutput.Trim()[(warm.StandardOutput.IndexOf('@', StringComparison.Ordinal) + 1)..];
            pinned = Context(temp, "pinned", $"{host}/busybox@{digest}");
            tagged = Context(temp, "tagged", $"{host}/busybox:latest");
            pinnedOnline = await BuildAsync(pinned, temp.Combine("pinned-online"));
            tagOnline = await BuildAsync(tagged, temp.Combine("tagged-online"));
        }
        finally
        {
            await registry.DisposeAsync();
        }

        var pinnedOffline = await BuildAsync(pinned, temp.Combine("pinned-cached"), "--cache-dir", cache);
        var tagOffline = await BuildAsync(tagged, temp.Combine("tagged-offline"), "--cache-dir", cache, "--offline");
        var tagAsksTheRegistry = await BuildAsync(tagged, temp.Combine("tagged-cached"), "--cache-dir", cache, "--image-download-retry", "0");
        var notWarmed = await BuildAsync(Context(temp, "other", $"{host}/other/image:1"), temp.Combine("other-offline"), "--cache-dir", cache, "--offline");

        Assert.AreEqual(0, pinnedOnline.ExitCode, pinnedOnline.StandardError);
        Assert.AreEqual(0, tagOnline.ExitCode, tagOnline.StandardError);
        Assert.AreEqual(0, pinnedOffline.ExitCode, pinnedOffline.StandardError);
        Assert.AreEqual(0, tagOffline.ExitCode, tagOffline.StandardError);
        Assert.AreEqual(pinnedOnline.StandardOutput, pinnedOffline.StandardOutput, "the same image, with the registry up or stopped");
        Assert.AreEqual(tagOnline.StandardOutput, tagOffline.StandardOutput, "the same image, with the registry up or stopped");
        StringAssert.Contains(tagOffline.StandardError, "from the cache");
        var run = await KanikoTool.RunAsync("run", $"oci:{temp.Combine("tagged-offline")}:latest");
        Assert.AreEqual("built", run.StandardOutput.Trim(), run.StandardError);
        Assert.AreEqual(1, tagAsksTheRegistry.ExitCode, "without --offline a tag's digest is asked for");
        StringAssert.Contains(tagAsksTheRegistry.StandardError, "error KANIKO1102");
        StringAssert.Contains(tagAsksTheRegistry.StandardError, "with --offline the build uses it");
        Assert.AreEqual(1, notWarmed.ExitCode);
        StringAssert.Contains(notWarmed.StandardError, "error KANIKO4701");
        StringAssert.Contains(notWarmed.StandardError, $"{host}/other/image:1");
        StringAssert.Contains(notWarmed.StandardError, "dotnet kaniko warm");
    }

    [TestMethod]
    public async Task Build_WithCacheDir_PullsIntoIt_ThenAsksOnlyForTheTagsDigest_UntilTheEntryExpires()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var temp = TemporaryDirectory.Create("cached-head");
        var context = Context(temp, "context", $"{proxy.Host}/busybox:latest");

        var first = await BuildAsync(context, temp.Combine("first"), "--cache-dir", temp.Combine("cache"));
        var firstRequests = proxy.Requests;
        proxy.ClearRequests();
        var second = await BuildAsync(context, temp.Combine("second"), "--cache-dir", temp.Combine("cache"));
        var secondRequests = proxy.Requests;
        var indexPath = temp.Combine("cache", "images", "index.json");
        var fetched = FetchedTime(indexPath);
        File.WriteAllText(indexPath, File.ReadAllText(indexPath).Replace(fetched, "2020-01-01T00:00:00.0000000Z", StringComparison.Ordinal));
        proxy.ClearRequests();
        var expired = await BuildAsync(context, temp.Combine("expired"), "--cache-dir", temp.Combine("cache"));
        var expiredRequests = proxy.Requests;

        Assert.AreEqual(0, first.ExitCode, first.StandardError);
        Assert.IsTrue(firstRequests.Any(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)), "the first build pulls into the cache");
        Assert.AreEqual(0, second.ExitCode, second.StandardError);
        Assert.AreEqual(first.StandardOutput, second.StandardOutput);
        Assert.IsNotEmpty(secondRequests);
        Assert.IsTrue(
            secondRequests.All(r => r.Method == "HEAD" && r.PathAndQuery == "/v2/busybox/manifests/latest"),
            "only the tag's current digest is asked for: " + string.Join("\n", secondRequests));
        Assert.AreEqual(0, expired.ExitCode, expired.StandardError);
        Assert.AreEqual(first.StandardOutput, expired.StandardOutput);
        Assert.IsTrue(expiredRequests.Any(r => r.Method == "GET" && r.PathAndQuery == "/v2/busybox/manifests/latest"), "an expired entry is fetched again: " + string.Join("\n", expiredRequests));
        Assert.IsFalse(expiredRequests.Any(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal) && r.PathAndQuery.EndsWith(LargestBlob(temp.Combine("cache")), StringComparison.Ordinal)), "the layer still verifies, so it is kept");
        Assert.IsGreaterThan(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5), DateTimeOffset.Parse(FetchedTime(indexPath), System.Globalization.CultureInfo.InvariantCulture), "the entry is fresh again");
    }

    [TestMethod]
    public async Task Build_WithADamagedCachedLayer_FailsClearlyOffline_AndPullsItAgainOnline()
    {
        var ct = TestContext.CancellationToken;
        await using var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
        using var temp = TemporaryDirectory.Create("cached-damaged");
        var cache = temp.Combine("cache");
        var context = Context(temp, "context", $"{registry.Host}/busybox:latest");
        var warm = await KanikoTool.RunAsync("warm", "--image", $"{registry.Host}/busybox:latest", "--cache-dir", cache);
        Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
        var layer = new FileInfo(Path.Combine(cache, "images", "blobs", "sha256", LargestBlob(cache)));
        FlipOneByte(layer.FullName);

        var offline = await BuildAsync(context, temp.Combine("offline"), "--cache-dir", cache, "--offline");
        var online = await BuildAsync(context, temp.Combine("online"), "--cache-dir", cache);
        var offlineAfterRepair = await BuildAsync(context, temp.Combine("offline-again"), "--cache-dir", cache, "--offline");

        Assert.AreEqual(1, offline.ExitCode, offline.StandardError);
        StringAssert.Contains(offline.StandardError, "error KANIKO4703");
        StringAssert.Contains(offline.StandardError, layer.Name);
        StringAssert.Contains(offline.StandardError, $"dotnet kaniko warm --force --image {registry.Host}/busybox:latest");
        Assert.AreEqual(0, online.ExitCode, online.StandardError);
        StringAssert.Contains(online.StandardError, "is not trusted");
        Assert.AreEqual(layer.Name, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(layer.FullName))), "the damaged blob was replaced by the registry's");
        Assert.AreEqual(0, offlineAfterRepair.ExitCode, offlineAfterRepair.StandardError);
        Assert.AreEqual(online.StandardOutput, offlineAfterRepair.StandardOutput);
    }

    [TestMethod]
    public async Task LayerCacheInTheFolder_WithAWarmedPinnedBase_RebuildsWithTheRegistryStopped_ExecutingNothing()
    {
        var ct = TestContext.CancellationToken;
        var registry = await RegistryServer.StartAsync(cancellationToken: ct);
        using var temp = TemporaryDirectory.Create("cached-layers-offline");
        var cache = temp.Combine("cache");
        var context = temp.Combine("context");
        ProcessResult first;
        try
        {
            await BaseImages.SeedAsync(registry, [BaseImage.Busybox], ct);
            var warm = await KanikoTool.RunAsync("warm", "--image", $"{registry.Host}/busybox:latest", "--cache-dir", cache);
            Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
            var pinned = $"{registry.Host}/busybox@{warm.StandardOutput.Trim().Split('@')[1]}";
            Directory.CreateDirectory(context);
            File.WriteAllText(Path.Combine(context, "greeting.txt"), "built\n");
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {pinned}\nCOPY greeting.txt /greeting.txt\nRUN date +%s%N > /built\n");
            first = await BuildAsync(context, temp.Combine("first"), "--cache", "--cache-dir", cache);
        }
        finally
        {
            await registry.DisposeAsync();
        }

        var second = await BuildAsync(context, temp.Combine("second"), "--cache", "--cache-dir", cache);

        Assert.AreEqual(0, first.ExitCode, first.StandardError);
        Assert.AreEqual(0, second.ExitCode, second.StandardError);
        Assert.AreEqual(2, second.StandardError.Split('\n').Count(line => line.Contains("] CACHED ", StringComparison.Ordinal)), second.StandardError);
        Assert.AreEqual(first.StandardOutput, second.StandardOutput, "the same digest with the registry stopped");
        var firstBuilt = await KanikoTool.RunAsync("run", $"oci:{temp.Combine("first")}:latest", "--", "cat", "/built");
        var secondBuilt = await KanikoTool.RunAsync("run", $"oci:{temp.Combine("second")}:latest", "--", "cat", "/built");
        Assert.AreEqual(0, secondBuilt.ExitCode, secondBuilt.StandardError);
        Assert.AreEqual(firstBuilt.StandardOutput, secondBuilt.StandardOutput, "the RUN was not executed again");
    }

    private static string FetchedTime(string indexPath)
    {
        using var index = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(indexPath));
        return index.RootElement.GetProperty("manifests")[0].GetProperty("annotations").GetProperty("io.kaniko.dotnet.fetched").GetString()!;
    }

    private static string LargestBlob(string cache)
        => new DirectoryInfo(Path.Combine(cache, "images", "blobs", "sha256")).GetFiles().MaxBy(file => file.Length)!.Name;

    private static void FlipOneByte(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = file.Length / 2;
        int value = file.ReadByte();
        file.Position = file.Length / 2;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private static string Context(TemporaryDirectory temp, string name, string from)
    {
        var context = temp.Combine(name);
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "built\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {from}\nCOPY greeting.txt /greeting.txt\nRUN cat /greeting.txt > /built\nCMD [\"cat\", \"/built\"]\n");
        return context;
    }

    private static Task<ProcessResult> BuildAsync(string context, string layout, params string[] flags)
        => KanikoTool.RunAsync(["build", "--context", context, "--no-push", "--oci-layout-path", layout, "--reproducible", .. flags]);
}
