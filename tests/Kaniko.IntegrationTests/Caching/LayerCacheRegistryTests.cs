using Kaniko.Engine.Caching;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Caching;

/// <summary>--cache with --cache-repo in the test registry: real RUN, busybox pulled from the registry.</summary>
[TestClass]
public sealed class LayerCacheRegistryTests
{
    private const string TimeDockerfile = """
        FROM REGISTRY/busybox:latest
        COPY a.txt /a.txt
        RUN date +%s%N > /built
        """;

    private const string ChainDockerfile = """
        FROM REGISTRY/busybox:latest
        COPY one.txt /one.txt
        RUN echo first > /first
        COPY two.txt /two/
        ARG DEST=/three
        COPY three.txt ${DEST}
        ARG LATE
        RUN echo "$LATE" > /late
        RUN date +%s%N > /last
        """;

    [TestMethod]
    public async Task SecondBuild_ExecutesNoRunOrCopy_SameDigestAndFiles()
    {
        await using var fixture = await RegistryBuild.StartAsync(TimeDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);
        var cache = new LayerCacheOptions { Enabled = true, Repository = $"{registry.Host}/tests/cache" };

        var (first, firstLayout, _) = await build.BuildAsync(cache, destination: $"{registry.Host}/tests/app:1");
        var (second, secondLayout, log) = await build.BuildAsync(cache, destination: $"{registry.Host}/tests/app:2");

        Assert.AreEqual("EE", CacheBuild.Outcomes(first));
        Assert.AreEqual("CC", CacheBuild.Outcomes(second), log.Messages);
        CollectionAssert.AreEqual(first.Steps.Select(s => s.CacheKey).ToList(), second.Steps.Select(s => s.CacheKey).ToList());
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.AreEqual(await build.ReadFileAsync(firstLayout, "/built", "1"), await build.ReadFileAsync(secondLayout, "/built", "2"));
        StringAssert.Contains(log.Messages, "CACHED " + second.Steps[^1].CacheKey![..12]);
    }

    [TestMethod]
    public async Task Changes_MissFromTheStepThatReadsThem()
    {
        await using var fixture = await RegistryBuild.StartAsync(ChainDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);
        build.Write("one.txt", "1");
        build.Write("two.txt", "2");
        build.Write("three.txt", "3");
        var cache = new LayerCacheOptions { Enabled = true, Repository = $"{registry.Host}/tests/cache" };
        Dictionary<string, string?> Args(string late, string unused, string? dest = null)
        {
            var args = new Dictionary<string, string?> { ["LATE"] = late, ["UNUSED"] = unused };
            if (dest is not null)
            {
                args["DEST"] = dest;
            }

            return args;
        }

        // COPY one, RUN first, COPY two, COPY three, RUN late, RUN last
        var (cold, _, _) = await build.BuildAsync(cache, buildArguments: Args("a", "x"));
        Assert.AreEqual("EEEEEE", CacheBuild.Outcomes(cold));

        var (unusedChanged, _, log) = await build.BuildAsync(cache, buildArguments: Args("a", "y"));
        Assert.AreEqual("CCCCCC", CacheBuild.Outcomes(unusedChanged), "a --build-arg no ARG declares misses nothing\n" + log.Messages);

        build.Write("two.txt", "2 changed");
        var (sourceChanged, _, _) = await build.BuildAsync(cache, buildArguments: Args("a", "x"));
        Assert.AreEqual("CCEEEE", CacheBuild.Outcomes(sourceChanged), "a changed COPY source misses that COPY and every later step");

        build.Write("two.txt", "2");
        var (lateChanged, _, _) = await build.BuildAsync(cache, buildArguments: Args("b", "x"));
        Assert.AreEqual("CCCCEE", CacheBuild.Outcomes(lateChanged), "an ARG value misses only from the RUN that reads it");

        var (destinationChanged, layout, _) = await build.BuildAsync(cache, buildArguments: Args("a", "x", "/elsewhere"));
        Assert.AreEqual("CCCEEE", CacheBuild.Outcomes(destinationChanged), "an ARG in a COPY destination misses that COPY");
        Assert.AreEqual("3", await build.ReadFileAsync(layout, "/elsewhere"));
    }

    [TestMethod]
    public async Task CorruptLayerFromTheCacheRepository_IsNotUsed()
    {
        await using var fixture = await RegistryBuild.StartAsync(TimeDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        var (first, _, _) = await build.BuildAsync(new LayerCacheOptions { Enabled = true, Repository = $"{registry.Host}/tests/cache" });

        // The same cache repository through a proxy that flips a byte in every blob it serves.
        proxy.Plan = new FaultPlan(CorruptBlobDownloads: -1);
        var (second, layout, log) = await build.BuildAsync(new LayerCacheOptions { Enabled = true, Repository = $"{proxy.Host}/tests/cache", NoPush = true });

        Assert.AreEqual("EE", CacheBuild.Outcomes(second), log.Messages);
        StringAssert.Contains(log.Messages, "KANIKO4601");
        Assert.IsTrue(proxy.Requests.Any(r => r.PathAndQuery.Contains("/blobs/sha256:" + first.Layers.Single(l => l.CreatedBy.StartsWith("COPY", StringComparison.Ordinal)).Digest.Hex, StringComparison.Ordinal)), "the COPY entry was found and its layer downloaded");
        Assert.AreEqual("a", await build.ReadFileAsync(layout, "/a.txt"));
    }

    [TestMethod]
    public async Task NoCacheRepo_StoresInTheFirstDestinationsCacheRepository()
    {
        await using var fixture = await RegistryBuild.StartAsync(TimeDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);

        var (first, _, _) = await build.BuildAsync(new LayerCacheOptions { Enabled = true }, destination: $"{registry.Host}/tests/app:1");
        var (second, _, log) = await build.BuildAsync(new LayerCacheOptions { Enabled = true }, destination: $"{registry.Host}/tests/app:2");

        using var http = new HttpClient { BaseAddress = registry.BaseUri };
        var tags = await http.GetStringAsync(new Uri("v2/tests/app/cache/tags/list", UriKind.Relative));
        foreach (var step in first.Steps.Where(s => s.Instruction.StartsWith("RUN", StringComparison.Ordinal) || s.Instruction.StartsWith("COPY", StringComparison.Ordinal)))
        {
            StringAssert.Contains(tags, step.CacheKey!);
        }

        Assert.AreEqual("CC", CacheBuild.Outcomes(second), log.Messages);
    }

    [TestMethod]
    public async Task HitFromTheRegistry_IsCopiedIntoTheCacheFolder()
    {
        await using var fixture = await RegistryBuild.StartAsync(TimeDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);
        var repository = $"{registry.Host}/tests/cache";

        var (first, _, _) = await build.BuildAsync(new LayerCacheOptions { Enabled = true, Repository = repository });
        var (fromRegistry, _, log) = await build.BuildAsync(new LayerCacheOptions { Enabled = true, Repository = repository }, build.CacheDirectory);
        var (fromFolder, _, folderLog) = await build.BuildAsync(new LayerCacheOptions { Enabled = true }, build.CacheDirectory);

        Assert.AreEqual("CC", CacheBuild.Outcomes(fromRegistry), log.Messages);
        StringAssert.Contains(log.Messages, "from " + repository);
        Assert.AreEqual("CC", CacheBuild.Outcomes(fromFolder), folderLog.Messages);
        StringAssert.Contains(folderLog.Messages, "from " + Path.Combine(build.CacheDirectory, "layers"));
        Assert.AreEqual(first.ManifestDigest, fromFolder.ManifestDigest);
    }

    [TestMethod]
    public async Task Lookups_AreIssuedForEveryStepUpFront_EvenAfterAMiss()
    {
        await using var fixture = await RegistryBuild.StartAsync(TimeDockerfile);
        var (registry, build) = (fixture.Registry, fixture.Build);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());

        var (cold, _, _) = await build.BuildAsync(new LayerCacheOptions { Enabled = true, Repository = $"{proxy.Host}/tests/cache", NoPush = true });

        Assert.AreEqual("EE", CacheBuild.Outcomes(cold));
        foreach (var step in cold.Steps.Where(s => s.CacheKey is not null && !s.Instruction.StartsWith("FROM", StringComparison.Ordinal)))
        {
            Assert.IsTrue(proxy.Requests.Any(r => r.Method == "GET" && r.PathAndQuery.EndsWith("/manifests/" + step.CacheKey, StringComparison.Ordinal)), $"{step.Instruction} was looked up");
        }

        Assert.IsFalse(proxy.Requests.Any(r => r.Method is "PUT" or "POST"), "--no-push-cache pushes nothing");
    }

    /// <summary>A test registry seeded with busybox and a context (with a.txt) whose Dockerfile names it.</summary>
    private sealed class RegistryBuild(RegistryServer registry, CacheBuild build) : IAsyncDisposable
    {
        public RegistryServer Registry => registry;

        public CacheBuild Build => build;

        public static async Task<RegistryBuild> StartAsync(string dockerfile)
        {
            var registry = await RegistryServer.StartAsync();
            await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
            var build = new CacheBuild(dockerfile.Replace("REGISTRY", registry.Host, StringComparison.Ordinal));
            build.Write("a.txt", "a");
            return new RegistryBuild(registry, build);
        }

        public async ValueTask DisposeAsync()
        {
            build.Dispose();
            await registry.DisposeAsync();
        }
    }
}
