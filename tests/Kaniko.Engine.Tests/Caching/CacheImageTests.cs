using Kaniko.Engine.Caching;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Caching;

/// <summary>A cache entry's one-layer image and the field summary that explains a miss.</summary>
[TestClass]
public sealed class CacheImageTests
{
    private static readonly Digest Layer = Digest.Sha256("layer"u8);
    private static readonly Digest DiffId = Digest.Sha256("tar"u8);

    [TestMethod]
    public void Create_ThenRead_GivesTheEntryBack()
    {
        var record = new LayerCacheRecord("k", new LocalLayer(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Layer, Size = 5 }, DiffId, "/blob"), "RUN x # buildkit", "parent", "text=abc", Platform.Parse("linux/amd64"));
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var (manifest, config, configDescriptor) = CacheImage.Create(record, now);
        var entry = CacheImage.Read("k", ImageManifest.Parse(manifest));

        Assert.IsNotNull(entry);
        Assert.AreEqual(Layer, entry.Layer!.Digest);
        Assert.AreEqual(DiffId, entry.DiffId);
        Assert.AreEqual("RUN x # buildkit", entry.CreatedBy);
        Assert.AreEqual(now, entry.Created);
        Assert.AreEqual(Digest.Sha256(config), configDescriptor.Digest);
        CollectionAssert.AreEqual(new[] { DiffId }, ImageConfig.Parse(config).RootFs.DiffIds);
    }

    [TestMethod]
    public void Create_WithoutALayer_ReadsAsAStepThatChangedNothing()
    {
        var record = new LayerCacheRecord("k", null, "RUN true # buildkit", "parent", "", Platform.Parse("linux/amd64"));

        var entry = CacheImage.Read("k", ImageManifest.Parse(CacheImage.Create(record, DateTimeOffset.UnixEpoch).Manifest));

        Assert.IsNotNull(entry);
        Assert.IsNull(entry.Layer);
        Assert.AreEqual("RUN true # buildkit", entry.CreatedBy);
    }

    [TestMethod]
    public void Read_AnImageWithoutTheAnnotations_IsNoEntry()
    {
        var manifest = new ImageManifest { Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Layer, Size = 1 } };
        Assert.IsNull(CacheImage.Read("k", manifest));
    }

    [TestMethod]
    public void FieldDigests_NameTheFieldsThatDiffer_NotTheParent()
    {
        var stored = FieldDigests.Summarize([("parent", "a"), ("text", "RUN x"), ("source", "1"), ("source", "2")]);
        var current = FieldDigests.Summarize([("parent", "b"), ("text", "RUN x"), ("source", "1"), ("source", "3"), ("variable", "A=1")]);

        CollectionAssert.AreEqual(new[] { "source", "variable" }, FieldDigests.Differences(stored, current).ToList());
        Assert.AreEqual(0, FieldDigests.Differences(stored, stored).Count);
    }
}
