using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class OciLayoutFolderTests
{
    private static readonly Digest Manifest = Digest.Parse("sha256:" + new string('a', 64));

    [TestMethod]
    public async Task CreateAsync_WritesTheMarkerAndBlobFolder_AndAFreshFolderReadsAsAnEmptyIndex()
    {
        using var folder = new TestFolder();
        var layout = new OciLayoutFolder(folder.Combine("layout"));

        await layout.CreateAsync(CancellationToken.None);
        var index = await layout.ReadIndexAsync(CancellationToken.None);

        Assert.AreEqual(OciLayout.LayoutFileContent, await File.ReadAllTextAsync(folder.Combine("layout", OciLayout.LayoutFileName)));
        Assert.IsTrue(Directory.Exists(folder.Combine("layout", "blobs", "sha256")));
        Assert.IsFalse(layout.HasIndex);
        Assert.AreEqual(MediaTypes.OciIndex, index.MediaType);
        Assert.IsEmpty(index.Manifests);
    }

    [TestMethod]
    public async Task WriteIndexAsync_ThenReadIndexAsync_GivesTheSameEntries_AndLeavesNoTemporaryFile()
    {
        using var folder = new TestFolder();
        var layout = new OciLayoutFolder(folder.Path);
        var index = OciLayoutFolder.EmptyIndex();
        index.Manifests.Add(new Descriptor
        {
            MediaType = MediaTypes.OciManifest,
            Digest = Manifest,
            Size = 42,
            Annotations = new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = "v1" },
        });

        await layout.WriteIndexAsync(index, CancellationToken.None);
        var read = await layout.ReadIndexAsync(CancellationToken.None);

        Assert.IsTrue(layout.HasIndex);
        Assert.AreEqual("v1", OciLayout.RefName(read.Manifests.Single()));
        Assert.AreEqual(Manifest, read.Manifests.Single().Digest);
        Assert.AreEqual(layout.BlobPath(Manifest), folder.Combine("blobs", "sha256", new string('a', 64)));
        Assert.IsEmpty(Directory.GetFiles(folder.Path, "tmp-*"));
    }

    [TestMethod]
    public async Task LockIndexAsync_HeldByOneWriter_KeepsTheNextWaiting()
    {
        using var folder = new TestFolder();
        var layout = new OciLayoutFolder(folder.Path);

        using (await layout.LockIndexAsync(TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            var second = layout.LockIndexAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            await Task.Delay(300);
            Assert.IsFalse(second.IsCompleted, "the lock is held");
            await Assert.ThrowsExactlyAsync<KanikoException>(() => layout.LockIndexAsync(TimeSpan.Zero, CancellationToken.None));
            _ = second.ContinueWith(task => task.Result.Dispose(), TaskScheduler.Default);
        }
    }
}
