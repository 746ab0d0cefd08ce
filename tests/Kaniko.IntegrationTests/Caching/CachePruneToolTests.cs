using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kaniko.IntegrationTests.Dockerfiles;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Caching;

/// <summary><c>dotnet kaniko cache prune</c> on a cache folder that real warms and builds filled.</summary>
[TestClass]
public sealed partial class CachePruneToolTests
{
    [TestMethod]
    public async Task Prune_RemovesWhatTheTtlWouldIgnore_AndOnlyBlobsNothingNames_WhileBuildsKeepWorking()
    {
        var registry = (await AssetEnvironment.SharedAsync()).Registry;
        using var temp = TemporaryDirectory.Create("cache-prune");
        var cache = temp.Combine("cache");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {registry.Host}/busybox:latest\nCOPY a.txt /a.txt\nRUN cat /a.txt /a.txt > /b.txt\n");
        File.WriteAllText(Path.Combine(context, "a.txt"), "a\n");
        string[] build = ["build", "--context", context, "--no-push", "--oci-layout-path", temp.Combine("out"), "--cache", "--cache-dir", cache];

        var warm = await KanikoTool.RunAsync("warm", "--cache-dir", cache, "--image", $"{registry.Host}/busybox:latest", "--image", $"{registry.Host}/dotnet/runtime-deps:10.0");
        var cold = await KanikoTool.RunAsync(build);
        var copyOnly = temp.Combine("copy-only");
        Directory.CreateDirectory(copyOnly);
        File.WriteAllText(Path.Combine(copyOnly, "Dockerfile"), $"FROM {registry.Host}/busybox:latest\nCOPY Dockerfile /\n");
        var listed = await KanikoTool.RunAsync("build", "--context", copyOnly, "--no-push", "--oci-layout-path", temp.Combine("copy-only-out"), "--cache-dir", cache);
        var listings = Directory.GetFiles(Path.Combine(cache, "listings")).Length;
        AgeImage(cache, "dotnet/runtime-deps:10.0");
        var busyboxBlobs = ImageBlobs(cache, "busybox:latest").Order(StringComparer.Ordinal).ToList();
        var sharedWithBusybox = busyboxBlobs.Intersect(ImageBlobs(cache, "dotnet/runtime-deps:10.0")).Count();
        Backdate(cache);
        var first = await KanikoTool.RunAsync("cache", "prune", "--cache-dir", cache);
        var cached = await KanikoTool.RunAsync([.. build, "--offline"]);
        var fresh = Path.Combine(cache, "layers", "blobs", "sha256", new string('f', 64));
        File.WriteAllText(fresh, "a blob a build is writing right now");
        var everything = await KanikoTool.RunAsync("cache", "prune", "--cache-dir", cache, "--cache-ttl", "0s");
        var layerBlobsLeft = Blobs(cache, "layers").ToList();
        var imageBlobsLeft = Blobs(cache, "images").ToList();
        var rebuilt = await KanikoTool.RunAsync(build);

        Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
        Assert.AreEqual(0, cold.ExitCode, cold.StandardError);
        Assert.AreEqual(0, first.ExitCode, first.StandardError);
        var firstCounts = Counts(first.StandardOutput);
        Assert.AreEqual(0, listed.ExitCode, listed.StandardError);
        Assert.AreEqual(1, listings, "the COPY-only build listed busybox's one layer");
        Assert.AreEqual((0, 1, 0), (firstCounts.LayerEntries, firstCounts.Images, firstCounts.Listings), first.StandardOutput);
        Assert.IsGreaterThan(0, firstCounts.Blobs, first.StandardOutput);
        CollectionAssert.AreEqual(busyboxBlobs, Blobs(cache, "images").ToList(), "the aged image's blobs went; busybox's stay, the layer it shares with runtime-deps too");
        Assert.AreEqual(1, sharedWithBusybox, "runtime-deps is built on busybox's layer");
        Assert.AreEqual(0, cached.ExitCode, cached.StandardError);
        Assert.AreEqual(2, CachedStep().Count(cached.StandardError), "both steps still come from the cache, offline: " + cached.StandardError);
        Assert.AreEqual(0, everything.ExitCode, everything.StandardError);
        var everythingCounts = Counts(everything.StandardOutput);
        Assert.AreEqual((2, 1, 1), (everythingCounts.LayerEntries, everythingCounts.Images, everythingCounts.Listings), everything.StandardOutput);
        CollectionAssert.AreEqual(new[] { new string('f', 64) }, layerBlobsLeft, "an unnamed blob written in the last hour may be a build's: it stays");
        Assert.IsEmpty(imageBlobsLeft);
        Assert.AreEqual(0, rebuilt.ExitCode, rebuilt.StandardError);
        Assert.AreEqual(0, CachedStep().Count(rebuilt.StandardError), rebuilt.StandardError);
    }

    private static (int LayerEntries, int Images, int Blobs, int Listings) Counts(string output)
    {
        var match = PruneSummary().Match(output);
        Assert.IsTrue(match.Success, output);
        return (Number(match.Groups[1].Value), Number(match.Groups[2].Value), Number(match.Groups[3].Value), Number(match.Groups[4].Value));
    }

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Makes a warmed image look fetched in 2000, as its index entry records it.</summary>
    private static void AgeImage(string cache, string repositoryAndTag)
    {
        var indexPath = Path.Combine(cache, "images", "index.json");
        var index = JsonNode.Parse(File.ReadAllText(indexPath))!;
        foreach (var manifest in index["manifests"]!.AsArray())
        {
            if (manifest!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>().EndsWith("/" + repositoryAndTag, StringComparison.Ordinal))
            {
                manifest["annotations"]!["io.kaniko.dotnet.fetched"] = "2000-01-01T00:00:00.0000000Z";
            }
        }

        File.WriteAllText(indexPath, index.ToJsonString());
    }

    /// <summary>The blobs of the image an index entry names (its manifest, config and layers).</summary>
    private static IEnumerable<string> ImageBlobs(string cache, string repositoryAndTag)
    {
        var layout = Path.Combine(cache, "images");
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!["manifests"]!.AsArray()
            .Single(m => m!["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>().EndsWith("/" + repositoryAndTag, StringComparison.Ordinal))!;
        var manifestHex = entry["digest"]!.GetValue<string>()["sha256:".Length..];
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256", manifestHex)))!;
        return new[] { manifestHex, manifest["config"]!["digest"]!.GetValue<string>()["sha256:".Length..] }
            .Concat(manifest["layers"]!.AsArray().Select(l => l!["digest"]!.GetValue<string>()["sha256:".Length..]));
    }

    private static IEnumerable<string> Blobs(string cache, string layout) =>
        Directory.EnumerateFiles(Path.Combine(cache, layout, "blobs", "sha256")).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal);

    /// <summary>Every blob looks two hours old: none is a write in progress any more.</summary>
    private static void Backdate(string cache)
    {
        foreach (var blob in Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Where(path => path.Contains("/blobs/", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddHours(-2));
        }
    }

    [GeneratedRegex(@"Pruned \S+: (\d+) layer entries, (\d+) base images, (\d+) blobs \(\d+ bytes\), (\d+) layer listings")]
    private static partial Regex PruneSummary();

    [GeneratedRegex(@"\] CACHED [0-9a-f]{12}")]
    private static partial Regex CachedStep();
}
