using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Kaniko.Engine;
using Kaniko.Engine.Building;
using Kaniko.IntegrationTests.Dockerfiles;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Building;

/// <summary>
/// A stage that runs nothing takes its base's folders, links, owners and modes from the layers'
/// listings instead of extracting them. The images must be byte for byte those of a build that
/// extracts every base, and a push to the base's registry must not download a single base layer.
/// </summary>
[TestClass]
public sealed class BaseFilesOnDemandTests
{
    private const string OnDemandLog = "its base is not extracted";

    // A base of links and odd folders, made by a stage that does RUN (so it is extracted), for the
    // stage on top, which runs nothing, to copy through.
    private const string LinkedBase = """
        FROM {registry}/busybox:latest AS linked
        RUN mkdir -p /real/dir /real/sub && ln -s /real /link && chmod 0700 /real/dir && chown 1654:1654 /real/dir \
            && echo old > /real/dir/old && chmod 1777 /real/sub && ln -s ../dir /real/sub/up && touch -d '2001-02-03 04:05:06' /real
        FROM linked

        """;

    public TestContext TestContext { get; set; } = null!;

    public static IEnumerable<object[]> AssetsThatRunNothing => AssetEnvironment.AssetNames
        .Where(asset => !File.ReadLines(Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", (string)asset[0], "Dockerfile"))
            .Any(line => line.TrimStart().StartsWith("RUN", StringComparison.Ordinal) || line.TrimStart().StartsWith("ADD", StringComparison.Ordinal)));

    [TestMethod]
    [DynamicData(nameof(AssetsThatRunNothing))]
    public async Task TestAsset_WithItsBaseOnDemand_GivesTheDigestOfAFullExtraction(string name)
    {
        var environment = await AssetEnvironment.SharedAsync();
        var asset = AssetEnvironment.Load(name);
        using var temp = TemporaryDirectory.Create("on-demand-" + name);
        var dockerfile = environment.WriteDockerfile(asset, temp.Path);
        var request = AssetRequest(asset, dockerfile, environment);

        var (onDemand, onDemandLog) = await BuildAsync(request with { OciLayoutPath = temp.Combine("on-demand") });
        var (extracted, extractedLog) = await BuildAsync(request with { OciLayoutPath = temp.Combine("extracted"), ExtractEveryBase = true });

        StringAssert.Contains(onDemandLog.Text, OnDemandLog, "the target stage runs nothing, so its base is not extracted");
        Assert.IsFalse(extractedLog.Text.Contains(OnDemandLog, StringComparison.Ordinal), extractedLog.Text);
        Assert.AreEqual(extracted.ManifestDigest, onDemand.ManifestDigest, onDemandLog.Text);
    }

    [TestMethod]
    public async Task CopyThroughBaseLinks_ChownByName_ReplacingABaseFile_GiveTheDigestOfAFullExtraction()
    {
        var registry = (await AssetEnvironment.SharedAsync()).Registry;
        using var temp = TemporaryDirectory.Create("on-demand-links");
        var context = Context(temp, registry, LinkedBase + """
            COPY --chown=app a.txt /link/dir/a.txt
            COPY b.txt /link/dir/old
            COPY --chmod=0640 a.txt /link/sub/up/c.txt
            WORKDIR /link/sub/new
            COPY --parents nested/ /real/
            """);
        var request = Request(context) with { Reproducible = true };

        var (onDemand, onDemandLog) = await BuildAsync(request with { OciLayoutPath = temp.Combine("on-demand") });
        var (extracted, _) = await BuildAsync(request with { OciLayoutPath = temp.Combine("extracted"), ExtractEveryBase = true });

        StringAssert.Contains(onDemandLog.Text, OnDemandLog);
        Assert.AreEqual(extracted.ManifestDigest, onDemand.ManifestDigest, onDemandLog.Text);
        var entries = await LayerEntriesAsync(temp.Combine("on-demand"), topOnly: false);
        Assert.AreEqual((1654, 1654), Owner(entries, "real/dir/a.txt"), "app comes from the base's /etc/passwd");
        Assert.AreEqual("b\n", await File.ReadAllTextAsync(Path.Combine(await UnpackAsync(temp.Combine("on-demand"), temp), "real", "dir", "old")));
        Assert.IsTrue(File.Exists(Path.Combine(temp.Combine("bundle"), "rootfs", "real", "dir", "c.txt")), "through the base's relative link");
        Assert.AreEqual((1654, 1654), Owner(entries, "real/dir"), "the base's folder keeps its owner in the layer");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, Entry(entries, "real/dir").Mode);
    }

    [TestMethod]
    public async Task WithoutReproducible_BaseFoldersAboveTheCopy_KeepTheirTimesInTheLayer()
    {
        var registry = (await AssetEnvironment.SharedAsync()).Registry;
        using var temp = TemporaryDirectory.Create("on-demand-times");
        var context = Context(temp, registry, LinkedBase + "COPY a.txt /link/sub/up/deeper/a.txt\n");
        var request = Request(context);

        var (_, log) = await BuildAsync(request with { OciLayoutPath = temp.Combine("on-demand") });
        await BuildAsync(request with { OciLayoutPath = temp.Combine("extracted"), ExtractEveryBase = true });

        StringAssert.Contains(log.Text, OnDemandLog);
        var onDemand = await LayerEntriesAsync(temp.Combine("on-demand"), topOnly: true);
        var extracted = await LayerEntriesAsync(temp.Combine("extracted"), topOnly: true);
        CollectionAssert.AreEqual(extracted.Keys.ToList(), onDemand.Keys.ToList());
        foreach (var name in onDemand.Keys)
        {
            Assert.AreEqual((extracted[name].Mode, extracted[name].Uid, extracted[name].Gid), (onDemand[name].Mode, onDemand[name].Uid, onDemand[name].Gid), name);
        }

        // The COPY walks through /real (and creates a folder in /real/dir, whose time is now either way).
        Assert.AreEqual(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero), extracted["real/"].ModificationTime);
        Assert.AreEqual(extracted["real/"].ModificationTime, onDemand["real/"].ModificationTime);
        Assert.AreEqual(File.GetLastWriteTimeUtc(Path.Combine(context, "a.txt")).Ticks / TimeSpan.TicksPerSecond, onDemand["real/dir/deeper/a.txt"].ModificationTime.UtcTicks / TimeSpan.TicksPerSecond);
    }

    [TestMethod]
    public async Task CopyOntoABaseFolder_FailsTheSameWay_WithTheBaseOnDemand()
    {
        var registry = (await AssetEnvironment.SharedAsync()).Registry;
        using var temp = TemporaryDirectory.Create("on-demand-onto-folder");
        var context = Context(temp, registry, LinkedBase + "COPY clash/ /link/\n");
        File.WriteAllText(Path.Combine(context, "clash", "dir"), "a file where the base has a folder");
        var request = Request(context);

        var onDemand = await Assert.ThrowsAsync<KanikoException>(() => BuildAsync(request with { OciLayoutPath = temp.Combine("on-demand") }));
        var extracted = await Assert.ThrowsAsync<KanikoException>(() => BuildAsync(request with { OciLayoutPath = temp.Combine("extracted"), ExtractEveryBase = true }));

        Assert.AreEqual("KANIKO2204", onDemand.Code);
        Assert.AreEqual(extracted.Message, onDemand.Message);
    }

    [TestMethod]
    public async Task CopyOnlyBuild_PushedToTheBasesRegistry_DownloadsNoBaseLayer_AndTheImageRuns()
    {
        await using var registry = await RegistryServer.StartAsync(cancellationToken: TestContext.CancellationToken);
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox], TestContext.CancellationToken);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        await using var elsewhere = await RegistryServer.StartAsync(cancellationToken: TestContext.CancellationToken);
        using var temp = TemporaryDirectory.Create("on-demand-push");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {proxy.Host}/busybox:latest\nCOPY greeting.txt /app/\nCMD [\"cat\", \"/app/greeting.txt\"]\n");
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "hello from a base never downloaded\n");

        // The first build on a machine reads the base's layers once to list them (into ~/.cache/kaniko/layer-listings).
        var listing = await KanikoTool.RunAsync(["build", "--context", context, "--destination", $"{proxy.Host}/app:0"]);
        proxy.ClearRequests();
        var same = await KanikoTool.RunAsync(["build", "--context", context, "--destination", $"{proxy.Host}/app:1"]);
        var baseBlobGets = proxy.Requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/busybox/blobs/", StringComparison.Ordinal));
        var layerGets = LayerGets(proxy, await BaseLayersAsync(registry));
        var other = await KanikoTool.RunAsync(["build", "--context", context, "--destination", $"{elsewhere.Host}/app:1"]);
        var otherLayerGets = LayerGets(proxy, await BaseLayersAsync(registry));
        var run = await KanikoTool.RunAsync(["run", $"{proxy.Host}/app:1"]);
        var runElsewhere = await KanikoTool.RunAsync(["run", $"{elsewhere.Host}/app:1"]);

        Assert.AreEqual(0, listing.ExitCode, listing.StandardError);
        Assert.AreEqual(0, same.ExitCode, same.StandardError);
        StringAssert.Contains(same.StandardError, OnDemandLog);
        Assert.AreEqual(1, baseBlobGets, "only the base's config is read: " + string.Join('\n', proxy.Requests));
        Assert.AreEqual(0, layerGets, "with the base's listings kept, no base layer is downloaded: the registry mounts them into the new repository");
        Assert.AreEqual(0, other.ExitCode, other.StandardError);
        Assert.IsGreaterThan(0, otherLayerGets, "another registry needs the base's layers, so they are downloaded to be pushed there");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.AreEqual("hello from a base never downloaded\n", run.StandardOutput);
        Assert.AreEqual(0, runElsewhere.ExitCode, runElsewhere.StandardError);
        Assert.AreEqual("hello from a base never downloaded\n", runElsewhere.StandardOutput);
    }

    [TestMethod]
    public async Task LayerListings_AreKeptByDiffId_AndADamagedOneIsMadeAgain()
    {
        var registry = (await AssetEnvironment.SharedAsync()).Registry;
        using var temp = TemporaryDirectory.Create("on-demand-listings");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {registry.Host}/dotnet/runtime-deps:10.0\nCOPY --chown=app a.txt /home/app/\n");
        File.WriteAllText(Path.Combine(context, "a.txt"), "a");
        var request = Request(context) with { Reproducible = true, CacheDirectory = temp.Combine("cache") };

        var (first, _) = await BuildAsync(request with { OciLayoutPath = temp.Combine("first") });
        var listings = Directory.GetFiles(temp.Combine("cache", "listings")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var diffIds = (await BaseDiffIdsAsync(registry, "dotnet/runtime-deps")).Select(d => d.Replace(':', '-')).Order(StringComparer.Ordinal).ToList();
        var damaged = temp.Combine("cache", "listings", diffIds[0]);
        File.WriteAllBytes(damaged, File.ReadAllBytes(damaged)[..20]);
        var (second, secondLog) = await BuildAsync(request with { OciLayoutPath = temp.Combine("second") });

        CollectionAssert.AreEqual(diffIds, listings);
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        StringAssert.Contains(secondLog.Text, "could not be read");
        Assert.IsGreaterThan(20L, new FileInfo(damaged).Length, "the damaged listing is replaced");
    }

    private static async Task<(BuildResult Result, CapturingLogger Log)> BuildAsync(BuildRequest request)
    {
        var log = new CapturingLogger();
        var result = await new ImageBuilder(log).BuildAsync(request);
        return (result, log);
    }

    private static BuildRequest Request(string context) => new()
    {
        ContextDirectory = context,
        NoPush = true,
    };

    private static string Context(TemporaryDirectory temp, RegistryServer registry, string dockerfile)
    {
        var context = temp.Combine("context");
        Directory.CreateDirectory(Path.Combine(context, "nested", "deep"));
        Directory.CreateDirectory(Path.Combine(context, "clash"));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile.Replace("{registry}", registry.Host, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(context, "a.txt"), "a\n");
        File.WriteAllText(Path.Combine(context, "b.txt"), "b\n");
        File.WriteAllText(Path.Combine(context, "nested", "deep", "n.txt"), "n\n");
        return context;
    }

    /// <summary>The build request the tool would make of the asset's extra arguments (the few the assets use).</summary>
    private static BuildRequest AssetRequest(DockerfileAsset asset, string dockerfile, AssetEnvironment environment)
    {
        var buildArguments = new Dictionary<string, string?>();
        var labels = new Dictionary<string, string>();
        string? target = null;
        var format = ImageFormat.Base;
        var words = asset.Arguments.Select(environment.WithTestRegistry).SelectMany(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal) ? [a[..a.IndexOf('=', StringComparison.Ordinal)], a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]] : new[] { a }).ToList();
        for (var i = 0; i < words.Count; i += 2)
        {
            var value = words[i + 1];
            var split = value.IndexOf('=', StringComparison.Ordinal);
            switch (words[i])
            {
                case "--build-arg":
                    buildArguments[split < 0 ? value : value[..split]] = split < 0 ? null : value[(split + 1)..];
                    break;
                case "--label":
                    labels[value[..split]] = value[(split + 1)..];
                    break;
                case "--target":
                    target = value;
                    break;
                case "--image-format":
                    format = Enum.Parse<ImageFormat>(value, ignoreCase: true);
                    break;
                default:
                    throw new AssertFailedException($"{asset.Name}: no request mapping for {words[i]}");
            }
        }

        return new BuildRequest
        {
            ContextDirectory = asset.Context,
            DockerfilePath = dockerfile,
            NoPush = true,
            Reproducible = true,
            BuildArguments = buildArguments,
            Labels = labels,
            Target = target,
            ImageFormat = format,
        };
    }

    private static async Task<string> UnpackAsync(string layout, TemporaryDirectory temp)
    {
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:latest", temp.Combine("bundle")]);
        return temp.Combine("bundle", "rootfs");
    }

    /// <summary>The entries of the image's top layer, or of all its layers (a later one's entry replacing an earlier one's).</summary>
    private static async Task<Dictionary<string, TarEntrySummary>> LayerEntriesAsync(string layout, bool topOnly)
    {
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(BlobPath(layout, manifestDigest)));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();
        var entries = new Dictionary<string, TarEntrySummary>(StringComparer.Ordinal);
        foreach (var layer in topOnly ? layers[^1..] : layers)
        {
            await using var gzip = new GZipStream(File.OpenRead(BlobPath(layout, layer)), CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                entries[entry.Name] = new TarEntrySummary(entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime);
            }
        }

        return entries;
    }

    private static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static TarEntrySummary Entry(Dictionary<string, TarEntrySummary> entries, string name)
        => entries.TryGetValue(name, out var entry) || entries.TryGetValue(name + "/", out entry) ? entry : throw new AssertFailedException($"{name} is not in the layer: {string.Join(", ", entries.Keys)}");

    private static (int, int) Owner(Dictionary<string, TarEntrySummary> entries, string name) => (Entry(entries, name).Uid, Entry(entries, name).Gid);

    private static async Task<List<string>> BaseLayersAsync(RegistryServer registry)
    {
        using var manifest = await Skopeo.InspectAsync(registry, "busybox:latest", raw: true);
        return manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToList();
    }

    private static async Task<List<string>> BaseDiffIdsAsync(RegistryServer registry, string repository)
    {
        using var config = await Skopeo.InspectAsync(registry, repository + ":10.0", raw: true, config: true);
        return config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()!).ToList();
    }

    private static int LayerGets(FaultInjectingProxy proxy, List<string> layers)
        => proxy.Requests.Count(r => r.Method == "GET" && layers.Any(layer => r.PathAndQuery.EndsWith("/blobs/" + layer, StringComparison.Ordinal)));

    private sealed record TarEntrySummary(UnixFileMode Mode, int Uid, int Gid, DateTimeOffset ModificationTime);
}
