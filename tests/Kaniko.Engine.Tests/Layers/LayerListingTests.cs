using System.IO.Compression;
using System.Text;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Tests.Filesystem;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class LayerListingTests
{
    [TestMethod]
    public async Task ReadAsync_KeepsEveryEntryInTarOrder_AndOnlyThePasswdAndGroupContent()
    {
        var layer = new ImageTreeTar()
            .Directory("./").Directory("etc/").File("etc/passwd", "root:x:0:0::/root:/bin/sh\n").File("./etc/group", "root:x:0:\n")
            .File("etc/shadow", "secret").File("etc/passwd-", "old").Symlink("lib", "usr/lib", 3, 4).Hardlink("etc/hosts", "etc/shadow")
            .CharacterDevice("dev/null", 1, 3).Fifo("fifo").Whiteout("etc/.wh.motd").Whiteout("opt/.wh..wh..opq")
            .Layers().Single();

        var listing = await LayerListing.ReadAsync(Gzip(layer), CancellationToken.None);

        Assert.AreEqual(
            "etc:Directory etc/passwd:File etc/group:File etc/shadow:File etc/passwd-:File lib:Symlink etc/hosts:Hardlink "
                + "dev/null:CharacterDevice fifo:Fifo etc/.wh.motd:Whiteout opt/.wh..wh..opq:OpaqueDirectory",
            string.Join(' ', listing.Entries.Select(entry => $"{entry.Path}:{entry.Type}")));
        var byPath = listing.Entries.ToDictionary(entry => entry.Path);
        Assert.AreEqual("root:x:0:0::/root:/bin/sh\n", Encoding.UTF8.GetString(byPath["etc/passwd"].Content!));
        Assert.AreEqual("root:x:0:\n", Encoding.UTF8.GetString(byPath["etc/group"].Content!));
        Assert.IsNull(byPath["etc/shadow"].Content);
        Assert.AreEqual(6, byPath["etc/shadow"].Size);
        Assert.AreEqual(("usr/lib", 3, 4), (byPath["lib"].LinkName, byPath["lib"].Uid, byPath["lib"].Gid));
        Assert.AreEqual("etc/shadow", byPath["etc/hosts"].LinkName);
        Assert.AreEqual((1, 3), (byPath["dev/null"].DeviceMajor, byPath["dev/null"].DeviceMinor));
    }

    [TestMethod]
    public async Task ReadAsync_PasswdAboveTheLimit_KeepsItsSizeButNotItsContent()
    {
        var layer = new ImageTreeTar().File("etc/passwd", new string('x', LayerListing.MaxKeptContent + 1)).Layers().Single();

        var entry = (await LayerListing.ReadAsync(new MemoryStream(layer), CancellationToken.None)).Entries.Single();

        Assert.IsNull(entry.Content);
        Assert.AreEqual(LayerListing.MaxKeptContent + 1, entry.Size);
    }

    [TestMethod]
    public async Task ReadAsync_UnsupportedEntryType_IsRefusedWithTheExtractorsCode()
    {
        var layer = new RawTar().Entry('V', "volume-label").Layers().Single();

        var error = await Assert.ThrowsAsync<KanikoException>(() => LayerListing.ReadAsync(layer, CancellationToken.None));

        Assert.AreEqual("KANIKO2005", error.Code);
    }

    [TestMethod]
    public async Task WriteToAndReadFrom_RoundTripEveryField()
    {
        var listing = await LayerListing.ReadAsync(new MemoryStream(new ImageTreeTar()
            .Directory("d/", 0xBED, 1, 2, new() { ["user.a"] = "1", ["user.b"] = "" })
            .File("etc/passwd", "root:x:0:0\n", 0x9A4, 3, 4).File("etc/group", string.Empty)
            .Symlink("s", "/abs/target", 5, 6).Hardlink("h", "etc/passwd").BlockDevice("blk", 259, 70000).Fifo("p")
            .Whiteout("d/.wh.x").Whiteout("d/.wh..wh..opq").File("ünïcode/名前", "x")
            .Layers().Single()), CancellationToken.None);

        var copy = LayerListing.ReadFrom(new MemoryStream(Serialize(listing)));

        Assert.HasCount(listing.Entries.Count, copy.Entries);
        foreach (var (expected, actual) in listing.Entries.Zip(copy.Entries))
        {
            Assert.AreEqual(Describe(expected), Describe(actual));
        }
    }

    [TestMethod]
    public async Task ReadFrom_DamagedOrTruncatedFile_IsACodedError()
    {
        var listing = await LayerListing.ReadAsync(
            new MemoryStream(new ImageTreeTar().Directory("d/").File("d/f").Symlink("s", "d").Layers().Single()), CancellationToken.None);
        var bytes = Serialize(listing);
        var flipped = bytes.ToArray();
        flipped[^3] ^= 0x40;
        var newer = bytes.ToArray();
        newer[8] = 2;

        foreach (var damaged in new[] { bytes[..^1], bytes[..20], flipped, newer, [], "not a listing at all"u8.ToArray(), [.. bytes, 0] })
        {
            var error = Assert.ThrowsExactly<KanikoException>(() => LayerListing.ReadFrom(new MemoryStream(damaged)));
            Assert.AreEqual("KANIKO2020", error.Code, error.Message);
        }
    }

    [TestMethod]
    public async Task ReadAsync_LargeFile_StreamsThroughWithoutHoldingIt()
    {
        const long size = 256L << 20;
        using var layer = new SyntheticTarStream("big/file.bin", size);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var listing = await LayerListing.ReadAsync(layer, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.AreEqual(size, listing.Entries.Single().Size);
        Assert.AreEqual(size + 1024 + 512, layer.BytesRead, "the whole layer was read");
        Assert.IsLessThan(16L << 20, allocated, $"{allocated} bytes allocated to list a {size}-byte file");
    }

    private static byte[] Serialize(LayerListing listing)
    {
        using var stream = new MemoryStream();
        listing.WriteTo(stream);
        return stream.ToArray();
    }

    private static string Describe(LayerListingEntry entry) =>
        string.Join('|', entry.Components) + $" {entry.Type} {entry.Mode} {entry.Uid} {entry.Gid} {entry.ModificationTime.UtcTicks} "
        + $"{entry.LinkName} {entry.Size} {entry.DeviceMajor} {entry.DeviceMinor} "
        + string.Join(',', entry.ExtendedAttributes.Select(pair => pair.Key + "=" + Convert.ToHexString(pair.Value)))
        + " " + (entry.Content is null ? "none" : Convert.ToHexString(entry.Content));

    private static MemoryStream Gzip(byte[] tar)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar);
        }

        compressed.Position = 0;
        return compressed;
    }
}
