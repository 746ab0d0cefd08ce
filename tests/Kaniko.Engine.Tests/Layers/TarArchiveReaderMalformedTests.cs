using System.Runtime.Versioning;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>Headers Go's archive/tar refuses (ErrHeader) or accepts, in the shape of its testdata.</summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class TarArchiveReaderMalformedTests
{
    [TestMethod]
    [DataRow("PAX record length wrong", "entry")]
    [DataRow("PAX record without equals", "entry")]
    [DataRow("PAX mtime not a number", "file")]
    [DataRow("PAX size not a number", "file")]
    [DataRow("PAX header beyond 1 MiB", "entry")]
    [DataRow("PAX header at the end", "file")]
    [DataRow("mode not octal", "file")]
    [DataRow("single zero block then data", "file")]
    [DataRow("sparse map beyond the file", "sparse")]
    [DataRow("sparse map larger than the data", "sparse")]
    [DataRow("sparse fragments overlapping", "sparse")]
    public async Task ExtractAsync_MalformedHeader_IsRefusedNamingTheEntry(string name, string entry)
    {
        using var work = new TestFolder();

        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => LayerExtractor.ExtractAsync(Build(name), work.Combine("root")));

        Assert.AreEqual("KANIKO2007", error.Code, error.Message);
        StringAssert.Contains(error.Message, $"'{entry}'");
    }

    [TestMethod]
    [DataRow("no end blocks")]
    [DataRow("one end block")]
    [DataRow("signed checksum")]
    [DataRow("trailing garbage after the end")]
    public async Task ExtractAsync_TolerableArchive_IsReadAsGoReadsIt(string name)
    {
        using var work = new TestFolder();
        var root = work.Combine("root");

        await LayerExtractor.ExtractAsync(Build(name), root);

        Assert.AreEqual("evil", File.ReadAllText(Path.Join(root, "file")));
    }

    private static MemoryStream Build(string name)
    {
        var tar = new RawTar();
        switch (name)
        {
            case "PAX record length wrong":
                tar.Entry('x', "entry", "99 path=x\n"u8.ToArray()).File("file");
                break;
            case "PAX record without equals":
                tar.Entry('x', "entry", "9 pathx\n"u8.ToArray()).File("file");
                break;
            case "PAX mtime not a number":
                tar.Pax("mtime=soon").File("file");
                break;
            case "PAX size not a number":
                tar.Pax("size=-4").File("file");
                break;
            case "PAX header beyond 1 MiB":
                tar.Entry('x', "entry", new byte[(1 << 20) + 1]).File("file");
                break;
            case "PAX header at the end":
                tar.File("file").Pax("path=late");
                break;
            case "mode not octal":
                tar.Entry('0', "file", tamper: header => { "0000989\0"u8.CopyTo(header.AsSpan(100)); RawTar.SetChecksum(header); });
                break;
            case "single zero block then data":
                tar.Bytes(new byte[RawTar.BlockSize]).File("file");
                break;
            case "sparse map beyond the file":
                tar.Pax("GNU.sparse.size=10", "GNU.sparse.map=8,4").File("sparse", "data");
                break;
            case "sparse map larger than the data":
                tar.Pax("GNU.sparse.size=100", "GNU.sparse.map=0,8").File("sparse", "data");
                break;
            case "sparse fragments overlapping":
                tar.Pax("GNU.sparse.size=100", "GNU.sparse.map=0,4,2,4").File("sparse", "dataxxxx");
                break;
            case "no end blocks":
                return new MemoryStream([.. tar.File("file").Layers().Single().ToArray()[..^(2 * RawTar.BlockSize)]]);
            case "one end block":
                return new MemoryStream([.. tar.File("file").Layers().Single().ToArray()[..^RawTar.BlockSize]]);
            case "signed checksum":
                tar.Entry('0', "file", "evil"u8.ToArray(), tamper: header =>
                {
                    header[265] = 0xE9; // a Latin-1 owner name: signed and unsigned sums differ
                    header.AsSpan(148, 8).Fill((byte)' ');
                    var signed = header.Sum(b => (int)(sbyte)b);
                    System.Text.Encoding.ASCII.GetBytes(Convert.ToString(signed, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
                });
                break;
            case "trailing garbage after the end":
                return new MemoryStream([.. tar.File("file").Layers().Single().ToArray(), .. "garbage"u8.ToArray()]);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such case.");
        }

        return tar.Layers().Single();
    }
}
