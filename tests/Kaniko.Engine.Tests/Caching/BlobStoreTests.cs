using Kaniko.Engine.Building;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Tests.Layers;

namespace Kaniko.Engine.Tests.Caching;

[TestClass]
public sealed class BlobStoreTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task WriteLayer_FailingMidway_LeavesNoTemporaryFile()
    {
        using var folder = new TestFolder();
        var big = folder.WriteFile("source/big", new string('x', 1 << 20));
        var store = new BlobStore(folder.Combine("blobs"));
        LayerEntry[] entries =
        [
            new("a", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = big },
            new("b", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = folder.Combine("source", "gone") },
        ];

        await Assert.ThrowsAsync<IOException>(() => store.WriteLayerAsync(entries, new LayerWriteOptions(), MediaTypes.OciLayerGzip, TestContext.CancellationToken));

        AssertNoTemporaryFile(folder.Combine("blobs"));
    }

    [TestMethod]
    public async Task Import_StreamFailingMidway_LeavesNoTemporaryFile()
    {
        using var folder = new TestFolder();
        var store = new BlobStore(folder.Combine("blobs"));
        await using var content = new FailingAfterStream(bytesBeforeFailure: 1 << 20);

        await Assert.ThrowsAsync<IOException>(() => store.ImportAsync(content, TestContext.CancellationToken));

        AssertNoTemporaryFile(folder.Combine("blobs"));
    }

    [TestMethod]
    public async Task Import_Whole_FilesTheBlobUnderItsDigest()
    {
        using var folder = new TestFolder();
        var store = new BlobStore(folder.Combine("blobs"));
        await using var content = new MemoryStream("blob"u8.ToArray());

        var (digest, size, path) = await store.ImportAsync(content, TestContext.CancellationToken);

        Assert.AreEqual(Kaniko.Engine.Images.Digest.Sha256("blob"u8.ToArray()), digest);
        Assert.AreEqual(4, size);
        Assert.AreEqual(store.PathFor(digest), path);
        Assert.AreEqual("blob", await File.ReadAllTextAsync(path, TestContext.CancellationToken));
        AssertNoTemporaryFile(folder.Combine("blobs"));
    }

    private static void AssertNoTemporaryFile(string blobs) =>
        Assert.IsEmpty(Directory.EnumerateFiles(blobs, DurableFile.TemporaryPrefix + "*", SearchOption.AllDirectories).ToList());

    /// <summary>Reads zeros, then fails as a dropped connection would.</summary>
    private sealed class FailingAfterStream(long bytesBeforeFailure) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= bytesBeforeFailure)
            {
                throw new IOException("connection reset");
            }

            var length = (int)Math.Min(count, bytesBeforeFailure - _read);
            Array.Clear(buffer, offset, length);
            _read += length;
            return length;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
