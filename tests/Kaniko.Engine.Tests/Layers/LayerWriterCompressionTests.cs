using System.Runtime.Versioning;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class LayerWriterCompressionTests
{
    [TestMethod]
    [DataRow(LayerCompression.Gzip, null, "application/vnd.oci.image.layer.v1.tar+gzip", "gzip -dc")]
    [DataRow(LayerCompression.Gzip, 9, "application/vnd.oci.image.layer.v1.tar+gzip", "gzip -dc")]
    [DataRow(LayerCompression.Zstd, null, "application/vnd.oci.image.layer.v1.tar+zstd", "zstd -dc")]
    [DataRow(LayerCompression.Zstd, 19, "application/vnd.oci.image.layer.v1.tar+zstd", "zstd -dc")]
    [DataRow(LayerCompression.None, null, "application/vnd.oci.image.layer.v1.tar", "cat")]
    public async Task WriteAsync_Compression_GivesItsMediaTypeAndBytesThePeerToolDecompresses(
        LayerCompression compression, int? level, string mediaType, string decompress)
    {
        using var work = new TestFolder();
        var source = work.WriteFile("src/text", string.Concat(Enumerable.Repeat("kaniko layers compress well. ", 5000)));
        var path = work.Combine("layer");
        WrittenLayer layer;
        var output = File.Create(path);
        await using (output)
        {
            layer = await LayerWriter.WriteAsync(
                [new LayerEntry("text", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = source }],
                output,
                new LayerWriteOptions { Compression = compression, CompressionLevel = level });
        }

        Assert.AreEqual(mediaType, layer.MediaType);
        var quoted = ExternalCommand.Quote(path);
        Assert.AreEqual(layer.Digest, "sha256:" + ExternalCommand.Bash($"sha256sum < {quoted}")[..64]);
        Assert.AreEqual(layer.DiffId, "sha256:" + ExternalCommand.Bash($"{decompress} < {quoted} | sha256sum")[..64]);
        Assert.AreEqual(new FileInfo(path).Length, layer.Size);
        if (compression != LayerCompression.None)
        {
            Assert.IsLessThan(new FileInfo(source).Length / 20, layer.Size);
        }

        var root = work.Combine("root");
        await LayerExtractor.ExtractAsync(File.OpenRead(path), root);
        Assert.AreEqual(File.ReadAllText(source), File.ReadAllText(Path.Join(root, "text")));
    }

    [TestMethod]
    public async Task WriteAsync_HigherGzipLevel_WritesFewerBytes()
    {
        using var work = new TestFolder();
        var random = new Random(4);
        var words = Enumerable.Range(0, 200_000).Select(_ => random.Next(2000).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        var source = work.WriteFile("src/words", string.Join(' ', words));
        var entries = new[] { new LayerEntry("words", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = source } };

        var fast = await LayerWriter.WriteAsync(entries, Stream.Null, new LayerWriteOptions { CompressionLevel = 1 });
        var small = await LayerWriter.WriteAsync(entries, Stream.Null, new LayerWriteOptions { CompressionLevel = 9 });

        Assert.AreEqual(fast.DiffId, small.DiffId);
        Assert.IsLessThan(fast.Size, small.Size);
    }

    [TestMethod]
    [DataRow(LayerCompression.Gzip, 10)]
    [DataRow(LayerCompression.Zstd, 0)]
    [DataRow(LayerCompression.Zstd, 23)]
    public async Task WriteAsync_LevelOutOfRange_IsRejected(LayerCompression compression, int level)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LayerWriter.WriteAsync(
            [new LayerEntry("d", LayerEntryType.Directory, 0x1ED, 0, 0)],
            Stream.Null,
            new LayerWriteOptions { Compression = compression, CompressionLevel = level }));
    }

    [TestMethod]
    public async Task WriteAsync_OutputFails_RaisesTheOutputsErrorInsteadOfHanging()
    {
        using var work = new TestFolder();
        var big = work.Combine("big");
        using (var file = File.Create(big))
        {
            file.SetLength(64L << 20);
        }

        var error = await Assert.ThrowsExactlyAsync<IOException>(() => LayerWriter.WriteAsync(
            [new LayerEntry("big", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = big }],
            new FailingStream("disk full"),
            new LayerWriteOptions { Compression = LayerCompression.None }));

        Assert.AreEqual("disk full", error.Message);
    }
}
