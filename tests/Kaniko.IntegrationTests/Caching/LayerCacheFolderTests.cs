using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Kaniko.IntegrationTests.Caching;

/// <summary>--cache with --cache-dir only: no registry at all, the busybox base read from an OCI layout.</summary>
[TestClass]
public sealed class LayerCacheFolderTests
{
    private static readonly LayerCacheOptions Cache = new() { Enabled = true };

    [TestMethod]
    public async Task SecondBuild_ExecutesNoRunOrCopy_SameDigestAndFiles()
    {
        using var build = await StartAsync("RUN date +%s%N > /built");

        var (first, firstLayout, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        var (second, secondLayout, log) = await build.BuildAsync(Cache, build.CacheDirectory);

        Assert.AreEqual("EE", CacheBuild.Outcomes(first));
        Assert.AreEqual("CC", CacheBuild.Outcomes(second), log.Messages);
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.AreEqual(await build.ReadFileAsync(firstLayout, "/built"), await build.ReadFileAsync(secondLayout, "/built"));
        Assert.IsTrue(File.Exists(Path.Combine(build.CacheDirectory, "layers", "oci-layout")), "the layers folder is an OCI layout");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task CorruptedOrTruncatedBlob_IsIgnoredRebuiltAndReplaced(bool truncate)
    {
        using var build = await StartAsync("RUN echo ran > /ran");
        var (first, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        var copyLayer = first.Layers.Single(l => l.CreatedBy.StartsWith("COPY", StringComparison.Ordinal)).Digest;
        var blob = Path.Combine(build.CacheDirectory, "layers", "blobs", "sha256", copyLayer.Hex);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(blob, truncate ? bytes[..(bytes.Length / 2)] : bytes);

        var (second, _, log) = await build.BuildAsync(Cache, build.CacheDirectory);

        Assert.AreEqual("EE", CacheBuild.Outcomes(second), "the corrupt COPY entry is not used, so the RUN after it executes too");
        StringAssert.Contains(log.Messages, "KANIKO4601");
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.AreEqual(copyLayer.Hex, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(blob))), "the rebuilt layer replaced the corrupt blob");
        var (third, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        Assert.AreEqual("CC", CacheBuild.Outcomes(third));
    }

    [TestMethod]
    public async Task TwoBuildsInParallel_OnOneFolder_BothSucceed()
    {
        using var build = await StartAsync("RUN echo ran > /ran");

        var builds = await Task.WhenAll(build.BuildAsync(Cache, build.CacheDirectory), build.BuildAsync(Cache, build.CacheDirectory));
        var (after, _, log) = await build.BuildAsync(Cache, build.CacheDirectory);

        Assert.AreEqual(builds[0].Result.ManifestDigest, builds[1].Result.ManifestDigest);
        Assert.AreEqual("CC", CacheBuild.Outcomes(after), log.Messages);
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(build.CacheDirectory, "layers", "index.json")));
        var names = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString()).ToList();
        Assert.AreEqual(2, names.Count, "one entry per key: " + string.Join(", ", names));
    }

    [TestMethod]
    public async Task BuildKilledDuringACacheWrite_LeavesNothingTheNextBuildTrusts()
    {
        using var build = await StartAsync("RUN head -c 32000000 /dev/urandom > /big");
        var layers = Directory.CreateDirectory(Path.Combine(build.CacheDirectory, "layers")).FullName;
        var blobs = Path.Combine(layers, "blobs", "sha256");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                RepositoryPaths.ToolAssembly, "build", "--context", build.Context, "--no-push", "--oci-layout-path", build.Temp.Combine("killed"),
                "--reproducible", "--cache", "--cache-dir", build.CacheDirectory,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The cache writes a layer's blobs first and names them in index.json last, under the index's
        // lock. Holding that lock stops the build between the two: the one point where a crash leaves
        // written blobs that no index names. (A crash mid-blob leaves a tmp- file: DurableFileTests.)
        using (await FileLock.AcquireAsync(Path.Combine(layers, OciLayout.IndexFileName + ".lock"), TimeSpan.FromSeconds(10), CancellationToken.None))
        using (var killed = Process.Start(start)!)
        {
            var written = await WaitForAsync(() => killed.HasExited || WholeBlobOfAtLeast(blobs, 32_000_000), TimeSpan.FromMinutes(3));

            Assert.IsTrue(written && !killed.HasExited, "the build wrote the RUN layer's blob and waits for the index: " + (killed.HasExited ? await killed.StandardError.ReadToEndAsync() : "still running"));
            killed.Kill(); // SIGKILL: no finally block runs
            await killed.WaitForExitAsync();
        }

        Assert.IsFalse(File.Exists(Path.Combine(layers, OciLayout.IndexFileName)), "no index names the written blobs");
        var (next, _, log) = await build.BuildAsync(Cache, build.CacheDirectory);
        Assert.AreEqual("EE", CacheBuild.Outcomes(next), log.Messages);
        var (after, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        Assert.AreEqual("CC", CacheBuild.Outcomes(after));
        Assert.AreEqual(next.ManifestDigest, after.ManifestDigest);
    }

    [TestMethod]
    public async Task ExpiredEntries_AndRunLayersOff_Execute()
    {
        using var build = await StartAsync("RUN echo ran > /ran");
        var clock = new FakeTimeProvider();
        var cache = Cache with { Time = clock };
        await build.BuildAsync(cache, build.CacheDirectory);
        clock.Advance(TimeSpan.FromHours(2));

        var (fresh, _, _) = await build.BuildAsync(cache with { TimeToLive = TimeSpan.FromHours(3) }, build.CacheDirectory);
        var (expired, _, _) = await build.BuildAsync(cache with { TimeToLive = TimeSpan.FromHours(1) }, build.CacheDirectory);
        var (runOff, _, runOffLog) = await build.BuildAsync(cache with { RunLayers = false }, build.CacheDirectory);
        var (copyOff, _, _) = await build.BuildAsync(cache with { CopyLayers = false }, build.CacheDirectory);

        Assert.AreEqual("CC", CacheBuild.Outcomes(fresh), "entries younger than --cache-ttl are used");
        Assert.AreEqual("EE", CacheBuild.Outcomes(expired), "entries older than --cache-ttl are not used");
        Assert.AreEqual("CE", CacheBuild.Outcomes(runOff), "--cache-run-layers=false");
        StringAssert.Contains(runOffLog.Messages, "[0 3/3] executing " + runOff.Steps[^1].CacheKey![..12] + " (--cache-run-layers or --cache-copy-layers is off)");
        Assert.AreEqual("EC", CacheBuild.Outcomes(copyOff), "--cache-copy-layers=false: the COPY executes; the RUN after it still hits, its key covers what the COPY read");
    }

    [TestMethod]
    public async Task Miss_DetailedLogNamesWhatChanged()
    {
        using var build = await StartAsync("RUN echo ran > /ran");
        await build.BuildAsync(Cache, build.CacheDirectory);
        build.Write("a.txt", "changed");

        var (_, _, log) = await build.BuildAsync(Cache, build.CacheDirectory);

        StringAssert.Matches(log.Messages, new System.Text.RegularExpressions.Regex(@"Debug \[0 2/3\] [0-9a-f]{12} missed: source changed since [0-9a-f]{12}"));
    }

    [TestMethod]
    public async Task Stages_FromAndCopyFromCachedStages_KeyedByTheirContent()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var from = $"FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}";
        using var build = new CacheBuild($"""
            {from} AS base
            COPY a.txt /a.txt
            RUN echo ran > /ran
            FROM base AS next
            RUN cat /ran > /copied
            {from}
            COPY --from=base /ran /from-base
            COPY --from=next /copied /from-next
            """);
        build.Write("a.txt", "a");

        var (first, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        var (second, secondLayout, log) = await build.BuildAsync(Cache, build.CacheDirectory);
        build.Write("a.txt", "changed");
        var (third, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);

        Assert.AreEqual("EEEEE", CacheBuild.Outcomes(first));
        Assert.AreEqual("CCCCC", CacheBuild.Outcomes(second), log.Messages);
        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
        Assert.AreEqual("ran\n", await build.ReadFileAsync(secondLayout, "/from-next"), "COPY --from read the cached stage's files");
        Assert.AreEqual("EEECC", CacheBuild.Outcomes(third), "the later stages' files did not change, so copying them hits");
    }

    [TestMethod]
    public async Task EditOfTheLastCopiedFile_HitsTheFirstCopy_AndExtractsNeitherTheBaseNorTheCachedLayer()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        using var build = new CacheBuild($"FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\nCOPY publish/ /app/\nCOPY edit.txt /app/\n");
        build.Write("publish/app.dll", "app");
        build.Write("publish/runtimes/linux-x64/native.so", "native");
        build.Write("edit.txt", "before");
        await build.BuildAsync(Cache, build.CacheDirectory);
        var listedByTheColdBuild = Directory.GetFiles(Path.Combine(build.CacheDirectory, "listings")).Length;
        build.Write("edit.txt", "after");

        var work = build.Temp.Combine("work");
        var (edited, editedLayout, log) = await build.BuildAsync(Cache, build.CacheDirectory, workDirectory: work);
        var (uncached, _, _) = await build.BuildAsync(new LayerCacheOptions());

        Assert.AreEqual("CE", CacheBuild.Outcomes(edited), log.Messages);
        Assert.AreEqual(2, listedByTheColdBuild, "busybox's one layer, and the publish/ layer a miss after it takes on demand (not edit.txt's, which no step follows)");
        var root = Path.Combine(work, "stages", "0");
        CollectionAssert.AreEqual(new[] { "/app", "/app/edit.txt" }, Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(path => path[root.Length..]).Order(StringComparer.Ordinal).ToList(),
            "the miss wrote into a root of only what it reached: the base's files and the cached COPY's came from listings, not extraction");
        Assert.AreEqual(uncached.ManifestDigest, edited.ManifestDigest, "a cached edit gives the digest of a build without the cache");
        Assert.AreEqual("native", await build.ReadFileAsync(editedLayout, "/app/runtimes/linux-x64/native.so"));
    }

    [TestMethod]
    public async Task EditOfACopiedFile_AfterACachedRun_TakesTheBaseAndTheRunLayerFromListings()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        using var build = new CacheBuild($"""
            FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}
            RUN echo editor:x:1234:1234::/home/editor:/bin/sh >> /etc/passwd && echo editor:x:1234: >> /etc/group && echo ran > /ran
            COPY --chown=editor edit.txt /home/editor/
            """);
        build.Write("edit.txt", "before");
        var (cold, _, _) = await build.BuildAsync(Cache, build.CacheDirectory);
        build.Write("edit.txt", "after");

        var work = build.Temp.Combine("work");
        var (edited, _, log) = await build.BuildAsync(Cache, build.CacheDirectory, workDirectory: work);
        var (uncached, _, _) = await build.BuildAsync(new LayerCacheOptions());

        Assert.AreEqual("EE", CacheBuild.Outcomes(cold));
        Assert.AreEqual("CE", CacheBuild.Outcomes(edited), log.Messages);
        StringAssert.Contains(log.Messages, "[0 3/3] runs nothing from here");
        var root = Path.Combine(work, "stages", "0");
        Assert.IsFalse(Path.Exists(Path.Combine(root, "bin")), "the base was not extracted");
        Assert.IsFalse(Path.Exists(Path.Combine(root, "ran")), "the cached RUN layer was not extracted");
        Assert.AreEqual(uncached.ManifestDigest, edited.ManifestDigest, "a cached edit gives the digest of a build without the cache");
        Assert.AreEqual(1234, FileStatus.Read(Path.Combine(root, "home", "editor", "edit.txt")).Uid, "--chown read the user the cached RUN added, from its layer's listing");
    }

    /// <summary>
    /// Watches <paramref name="blobs"/> for a blob being written (a <c>tmp-</c> file) and freezes the
    /// process there with SIGSTOP. True once it is frozen with the temp file still present: caught in
    /// the act, left stopped. A write that finished before the freeze is let go and the watch goes on.
    /// </summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static bool WholeBlobOfAtLeast(string blobs, long size) =>
        Directory.Exists(blobs) && new DirectoryInfo(blobs).EnumerateFiles()
            .Any(file => !file.Name.StartsWith("tmp-", StringComparison.Ordinal) && file.Length >= size);

    /// <summary>A context with a.txt and a Dockerfile FROM the busybox OCI layout: COPY a.txt, then <paramref name="run"/>.</summary>
    private static async Task<CacheBuild> StartAsync(string run)
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var build = new CacheBuild($"FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\nCOPY a.txt /a.txt\n{run}\n");
        build.Write("a.txt", "a");
        return build;
    }
}
