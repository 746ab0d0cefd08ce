using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Caching;

[TestClass]
public sealed class BaseImageStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Create_RemovesWhatAKilledWriterLeft_NotAWriteInProgress()
    {
        using var folder = new TestFolder();
        var abandoned = folder.WriteFile("images/blobs/sha256/abc.part-1", "half a blob");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - TimeSpan.FromHours(2));
        var inProgress = folder.WriteFile("images/blobs/sha256/abc.part-2", "a blob being written");

        await new BaseImageStore(folder.Path).CreateAsync(TestContext.CancellationToken);

        Assert.IsFalse(File.Exists(abandoned));
        Assert.IsTrue(File.Exists(inProgress));
        Assert.AreEqual(OciLayout.LayoutFileContent, File.ReadAllText(folder.Combine("images", "oci-layout")));
    }

    [TestMethod]
    public async Task Verify_RefusesAFlippedByte_AndATruncatedBlob()
    {
        using var folder = new TestFolder();
        var store = new BaseImageStore(folder.Path);
        await store.CreateAsync(TestContext.CancellationToken);
        var bytes = System.Text.Encoding.UTF8.GetBytes(new string('x', 10_000));
        var digest = Digest.Sha256(bytes);
        var blob = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest, Size = bytes.Length };
        await store.WriteAsync(digest, bytes, TestContext.CancellationToken);
        Assert.IsTrue(await store.VerifyAsync(blob, TestContext.CancellationToken));

        bytes[5000] ^= 1;
        File.WriteAllBytes(store.BlobPath(digest), bytes);
        var flipped = await store.VerifyAsync(blob, TestContext.CancellationToken);
        File.WriteAllBytes(store.BlobPath(digest), bytes[..9000]);
        var truncated = await store.VerifyAsync(blob, TestContext.CancellationToken);

        Assert.IsFalse(flipped);
        Assert.IsFalse(truncated);
        Assert.IsNull(await store.TryReadAsync(digest, TestContext.CancellationToken));
    }
}
