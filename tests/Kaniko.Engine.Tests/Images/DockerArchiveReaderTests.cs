using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class DockerArchiveReaderTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task UncompressedAndGzipLayers_AreStoredCompressed_WithDiffIdsAndDigestsComputed()
    {
        using var folder = new TestFolder();
        var plain = RandomNumberGenerator.GetBytes(70_000);
        var inner = RandomNumberGenerator.GetBytes(50_000);
        var gzipped = Gzip(inner);
        var archive = WriteArchive(folder, [plain, inner], [("plain/layer.tar", plain), ("gz/layer.tar", gzipped)], ["plain/layer.tar", "gz/layer.tar"], links: []);

        var image = await DockerArchiveReader.ReadAsync(archive, "example.test/app:1", BlobPath(folder), TestContext.CancellationToken);

        Assert.AreEqual(MediaTypes.DockerManifest, image.ManifestMediaType);
        Assert.AreEqual(2, image.Layers.Count);
        Assert.AreEqual(Digest.Sha256(plain), image.Layers[0].DiffId);
        Assert.AreEqual(Digest.Sha256(inner), image.Layers[1].DiffId);
        Assert.AreEqual(Digest.Sha256(gzipped), image.Layers[1].Descriptor.Digest, "a compressed layer is stored as it was");
        foreach (var layer in image.Layers)
        {
            var stored = File.ReadAllBytes(layer.BlobPath);
            Assert.AreEqual(layer.Descriptor.Digest, Digest.Sha256(stored));
            Assert.AreEqual(layer.Descriptor.Size, stored.Length);
            Assert.AreEqual(MediaTypes.DockerLayerGzip, layer.Descriptor.MediaType);
        }

        CollectionAssert.AreEqual(plain, Gunzip(File.ReadAllBytes(image.Layers[0].BlobPath)), "an uncompressed layer is gzipped");
        Assert.AreEqual(image.Manifest.Config.Digest, Digest.Sha256(image.ConfigBytes));
    }

    [TestMethod]
    public async Task LayerListedTwiceThroughASymlink_IsReadOnce()
    {
        using var folder = new TestFolder();
        var layer = RandomNumberGenerator.GetBytes(10_000);
        var archive = WriteArchive(folder, [layer, layer], [("a/layer.tar", layer)], ["a/layer.tar", "b/layer.tar"], links: [("b/layer.tar", "../a/layer.tar")]);

        var image = await DockerArchiveReader.ReadAsync(archive, null, BlobPath(folder), TestContext.CancellationToken);

        Assert.AreEqual(2, image.Layers.Count);
        Assert.AreEqual(image.Layers[0].Descriptor.Digest, image.Layers[1].Descriptor.Digest);
    }

    [TestMethod]
    [DataRow("diff_id", "KANIKO1153")]
    [DataRow("missing layer", "KANIKO1153")]
    [DataRow("unknown tag", "KANIKO1152")]
    public async Task DamagedArchiveOrUnknownTag_FailsClearly(string damage, string code)
    {
        using var folder = new TestFolder();
        var layer = RandomNumberGenerator.GetBytes(1000);
        byte[][] diffLayers = damage == "diff_id" ? [RandomNumberGenerator.GetBytes(10)] : [layer];
        (string, byte[])[] files = damage == "missing layer" ? [] : [("a/layer.tar", layer)];
        var archive = WriteArchive(folder, diffLayers, files, ["a/layer.tar"], links: []);

        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => DockerArchiveReader.ReadAsync(
            archive, damage == "unknown tag" ? "example.test/other:1" : null, BlobPath(folder), TestContext.CancellationToken));

        Assert.AreEqual(code, error.Code, error.Message);
        StringAssert.Contains(error.Message, archive);
    }

    [TestMethod]
    [DataRow("/tmp/image.tar", "/tmp/image.tar", null)]
    [DataRow("/tmp/image.tar:app:1", "/tmp/image.tar", "app:1")]
    [DataRow("image.tar:localhost:5000/app:1", "image.tar", "localhost:5000/app:1")]
    [DataRow("image.tar:@1", "image.tar", "@1")]
    public void ParseLocation_SplitsFileAndReference(string location, string path, string? reference)
        => Assert.AreEqual((path, reference), DockerArchiveReader.ParseLocation(location));

    private static Func<Digest, string> BlobPath(TestFolder folder)
    {
        Directory.CreateDirectory(folder.Combine("blobs"));
        return digest => folder.Combine("blobs", digest.Hex);
    }

    private static string WriteArchive(TestFolder folder, byte[][] diffLayers, (string Name, byte[] Data)[] files, string[] layerNames, (string Name, string Target)[] links)
    {
        var config = new ImageConfig { Architecture = "amd64", Os = "linux" };
        foreach (var layer in diffLayers)
        {
            config.RootFs.DiffIds.Add(Digest.Sha256(layer));
        }

        var configBytes = config.ToJson();
        var configName = Digest.Sha256(configBytes).Hex + ".json";
        var manifest = $$"""[{"Config":"{{configName}}","RepoTags":["example.test/app:1"],"Layers":[{{string.Join(",", layerNames.Select(n => $"\"{n}\""))}}]}]""";
        var path = folder.Combine("image.tar");
        using var output = File.Create(path);
        using var tar = new TarWriter(output, TarEntryFormat.Pax);
        foreach (var (name, data) in files)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }

        foreach (var (name, target) in links)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
        }

        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, configName) { DataStream = new MemoryStream(configBytes) });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(manifest)) });
        return path;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
