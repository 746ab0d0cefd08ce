using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Caching;

[TestClass]
public sealed class WarmedImageIndexTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Record_FromManyWritersAtOnce_KeepsEveryEntry_AndLeavesNoTemporaryFile()
    {
        using var folder = new TestFolder();
        var references = Enumerable.Range(0, 40).Select(i => ImageReference.Parse($"registry.example/app{i}:1")).ToList();
        var fetched = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);

        // Separate instances, as separate processes have: only the file lock orders them.
        await Parallel.ForEachAsync(references, TestContext.CancellationToken, async (reference, token) =>
            await new WarmedImageIndex(folder.Path).RecordAsync(reference, ManifestFor(reference), fetched, token));

        var index = new WarmedImageIndex(folder.Path);
        foreach (var reference in references)
        {
            var entry = await index.FindAsync(reference, TestContext.CancellationToken);
            Assert.IsNotNull(entry, reference.ToString());
            Assert.AreEqual(ManifestFor(reference).Digest, entry.Manifest.Digest);
            Assert.AreEqual(fetched, entry.Fetched);
        }

        CollectionAssert.AreEquivalent(new[] { "index.json", "index.json.lock" }, Directory.GetFiles(folder.Path).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task Record_Again_ReplacesTheEntry_AndTheIndexIsAnOciLayoutIndex()
    {
        using var folder = new TestFolder();
        var index = new WarmedImageIndex(folder.Path);
        var reference = ImageReference.Parse("busybox");
        var old = DateTimeOffset.UtcNow - TimeSpan.FromHours(400);

        await index.RecordAsync(reference, ManifestFor(ImageReference.Parse("old")), old, TestContext.CancellationToken);
        Assert.IsTrue((await index.FindAsync(reference, TestContext.CancellationToken))!.IsExpired(CacheTtl.Default, DateTimeOffset.UtcNow));
        await index.RecordAsync(reference, ManifestFor(reference), DateTimeOffset.UtcNow, TestContext.CancellationToken);

        var entry = await index.FindAsync(reference, TestContext.CancellationToken);
        Assert.AreEqual(ManifestFor(reference).Digest, entry!.Manifest.Digest);
        Assert.IsFalse(entry.IsExpired(CacheTtl.Default, DateTimeOffset.UtcNow));
        Assert.IsFalse(entry.IsExpired(null, DateTimeOffset.MaxValue), "no TTL: never expires");
        var layoutIndex = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(folder.Path, "index.json")));
        var only = Assert.ContainsSingle(layoutIndex.Manifests);
        Assert.AreEqual("docker.io/library/busybox:latest", only.Annotations![OciLayout.RefNameAnnotation]);
        Assert.IsNull(await index.FindAsync(ImageReference.Parse("busybox:1"), TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Find_InADamagedIndex_IsKaniko4707()
    {
        using var folder = new TestFolder();
        folder.WriteFile("index.json", "{\"manifests\": [");

        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => new WarmedImageIndex(folder.Path).FindAsync(ImageReference.Parse("busybox"), TestContext.CancellationToken));

        Assert.AreEqual(BaseImageCacheErrorCode.IndexDamaged, error.Code);
    }

    [TestMethod]
    [DataRow("336h", 336 * 60)]
    [DataRow("30m", 30)]
    [DataRow("1h30m", 90)]
    [DataRow("0", 0)]
    public void CacheTtl_ParsesGoDurations(string text, int minutes)
        => Assert.AreEqual(TimeSpan.FromMinutes(minutes), CacheTtl.Parse(text));

    [TestMethod]
    [DataRow("2 weeks")]
    [DataRow("-1h")]
    [DataRow("")]
    public void CacheTtl_RejectsWhatIsNoDuration(string text)
        => Assert.AreEqual(BaseImageCacheErrorCode.InvalidTtl, Assert.ThrowsExactly<KanikoException>(() => CacheTtl.Parse(text)).Code);

    private static Descriptor ManifestFor(ImageReference reference)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(reference.ToString());
        return new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Sha256(bytes), Size = bytes.Length };
    }
}
