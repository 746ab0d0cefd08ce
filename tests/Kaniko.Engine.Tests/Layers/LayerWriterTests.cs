using System.Formats.Tar;
using System.IO.Compression;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class LayerWriterTests
{
    private static readonly LayerWriteOptions Reproducible = new();

    [TestMethod]
    public async Task WriteAsync_ReadBackWithTarReader_HasSortedEntriesNumericOwnersAndFixedTime()
    {
        using var tree = new TestFolder();
        var layer = tree.Combine("layer.tar.gz");
        await WriteLayerAsync(SampleEntries(tree), layer, Reproducible);

        var entries = new List<TarEntry>();
        using (var gzip = new GZipStream(File.OpenRead(layer), CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                entries.Add(entry);
            }
        }

        CollectionAssert.AreEqual(
            new[] { "app/", "app/App.dll", "app/bin/", "app/bin/tool", "app/current", "app/tool-link", "app-data/", "tmp/" },
            entries.Select(entry => entry.Name).ToArray());
        foreach (var entry in entries)
        {
            Assert.AreEqual(DateTimeOffset.UnixEpoch, entry.ModificationTime, entry.Name);
            Assert.AreEqual(TarEntryFormat.Ustar, entry.Format, entry.Name);
            var posix = (PosixTarEntry)entry;
            Assert.AreEqual(string.Empty, posix.UserName, entry.Name);
            Assert.AreEqual(string.Empty, posix.GroupName, entry.Name);
        }

        var dll = entries.Single(entry => entry.Name == "app/App.dll");
        Assert.AreEqual(1654, dll.Uid);
        Assert.AreEqual(1654, dll.Gid);
        Assert.AreEqual("assembly", new StreamReader(dll.DataStream!).ReadToEnd());
        Assert.AreEqual((UnixFileMode)Convert.ToInt32("4755", 8), entries.Single(entry => entry.Name == "app/bin/tool").Mode);
        Assert.AreEqual((UnixFileMode)Convert.ToInt32("1777", 8), entries.Single(entry => entry.Name == "tmp/").Mode);
        Assert.AreEqual("bin/tool", entries.Single(entry => entry.Name == "app/current").LinkName);
        Assert.AreEqual(TarEntryType.HardLink, entries.Single(entry => entry.Name == "app/tool-link").EntryType);
    }

    [TestMethod]
    public async Task WriteAsync_GnuTarListsEntriesInOrderWithNumericOwnersAndEpoch()
    {
        using var tree = new TestFolder();
        var layer = tree.Combine("layer.tar.gz");
        await WriteLayerAsync(SampleEntries(tree), layer, Reproducible);

        var listing = ExternalCommand.Bash($"tar --numeric-owner -tvzf {ExternalCommand.Quote(layer)}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();

        CollectionAssert.AreEqual(
            new[] { "drwxr-xr-x", "-rw-r-----", "drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx", "hrwsr-xr-x", "drwxr-xr-x", "drwxrwxrwt" },
            listing.Select(fields => fields[0]).ToArray());
        CollectionAssert.AreEqual(
            new[] { "0/0", "1654/1654", "0/0", "0/0", "0/0", "0/0", "1654/1654", "0/0" },
            listing.Select(fields => fields[1]).ToArray());
        Assert.IsTrue(listing.All(fields => fields[3] == "1970-01-01" && fields[4] == "00:00"));
        CollectionAssert.AreEqual(
            new[] { "app/", "app/App.dll", "app/bin/", "app/bin/tool", "app/current", "app/tool-link", "app-data/", "tmp/" },
            listing.Select(fields => fields[5]).ToArray());
    }

    [TestMethod]
    public async Task WriteAsync_DigestsEqualSha256OfCompressedAndUncompressedBytes()
    {
        using var tree = new TestFolder();
        var layer = tree.Combine("layer.tar.gz");
        var written = await WriteLayerAsync(SampleEntries(tree), layer, Reproducible);

        var quoted = ExternalCommand.Quote(layer);
        var digest = ExternalCommand.Bash($"sha256sum {quoted}").Split(' ')[0];
        var diffId = ExternalCommand.Bash($"gunzip -c {quoted} | sha256sum").Split(' ')[0];
        Assert.AreEqual("sha256:" + digest, written.Digest);
        Assert.AreEqual("sha256:" + diffId, written.DiffId);
        Assert.AreEqual(new FileInfo(layer).Length, written.Size);
    }

    [TestMethod]
    public async Task WriteAsync_SameInputTwice_GivesTheSameDigest()
    {
        using var tree = new TestFolder();
        var entries = SampleEntries(tree);
        var first = await WriteLayerAsync(entries, tree.Combine("first.tar.gz"), Reproducible);
        foreach (var file in Directory.EnumerateFiles(tree.Combine("src")))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        }

        var second = await WriteLayerAsync(entries.AsEnumerable().Reverse(), tree.Combine("second.tar.gz"), Reproducible);

        Assert.AreEqual(first, second);
    }

    [TestMethod]
    public async Task WriteAsync_NotReproducible_KeepsEachEntrysOwnTime()
    {
        using var tree = new TestFolder();
        var time = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var entries = new[]
        {
            new LayerEntry("a", LayerEntryType.Directory, 0x1ED, 0, 0) { ModificationTime = time },
            new LayerEntry("b", LayerEntryType.Directory, 0x1ED, 0, 0),
        };
        using var output = new MemoryStream();
        await LayerWriter.WriteAsync(entries, output, new LayerWriteOptions { Reproducible = false });

        output.Position = 0;
        using var reader = new TarReader(new GZipStream(output, CompressionMode.Decompress));
        Assert.AreEqual(time, reader.GetNextEntry()!.ModificationTime);
        Assert.AreEqual(DateTimeOffset.UnixEpoch, reader.GetNextEntry()!.ModificationTime);
    }

    [TestMethod]
    public async Task WriteAsync_ToNonSeekableStream_WritesTheSameBytes()
    {
        using var tree = new TestFolder();
        var entries = SampleEntries(tree);
        using var seekable = new MemoryStream();
        var expected = await LayerWriter.WriteAsync(entries, seekable, Reproducible);
        using var target = new MemoryStream();
        var actual = await LayerWriter.WriteAsync(entries, new NonSeekableStream(target), Reproducible);

        Assert.AreEqual(expected, actual);
        CollectionAssert.AreEqual(seekable.ToArray(), target.ToArray());
    }

    [TestMethod]
    public async Task WriteAsync_PathsBeyondUstar_AreWrittenWithPaxAndRemainReproducible()
    {
        using var tree = new TestFolder();
        var longDirectory = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 12));
        var longFile = longDirectory + "/" + new string('f', 120);
        var source = tree.WriteFile("content", "long");
        var entries = new[]
        {
            new LayerEntry(longDirectory, LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry(longFile, LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = source },
            new LayerEntry("link", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "/" + longFile },
        };
        var first = await WriteLayerAsync(entries, tree.Combine("first.tar.gz"), Reproducible);
        var second = await WriteLayerAsync(entries, tree.Combine("second.tar.gz"), Reproducible);

        Assert.AreEqual(first, second);
        var names = ExternalCommand.Bash($"tar -tzf {ExternalCommand.Quote(tree.Combine("first.tar.gz"))}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { longDirectory + "/", longFile, "link" }, names);
        var link = ExternalCommand.Bash($"tar -tvzf {ExternalCommand.Quote(tree.Combine("first.tar.gz"))} link");
        StringAssert.EndsWith(link.TrimEnd(), "link -> /" + longFile);
    }

    [TestMethod]
    [DataRow("", "File", "relative")]
    [DataRow("/abs", "File", "relative")]
    [DataRow("dir/", "Directory", "relative")]
    [DataRow("a/../b", "File", "'..'")]
    [DataRow("./a", "File", "'.'")]
    [DataRow("a//b", "File", "empty")]
    [DataRow("file", "File", "SourcePath")]
    [DataRow("link", "Symlink", "LinkTarget")]
    public async Task WriteAsync_InvalidEntry_IsRejectedBeforeAnythingIsWritten(string path, string type, string expected)
    {
        var entry = new LayerEntry(path, Enum.Parse<LayerEntryType>(type), 0x1A4, 0, 0);
        using var output = new MemoryStream();

        var error = await Assert.ThrowsExactlyAsync<ArgumentException>(
            () => LayerWriter.WriteAsync([entry], output, Reproducible));

        StringAssert.Contains(error.Message, expected);
        Assert.AreEqual(0, output.Length);
    }

    [TestMethod]
    public async Task WriteAsync_Cancelled_StopsWithOperationCanceled()
    {
        using var tree = new TestFolder();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var output = new MemoryStream();

        await Assert.ThrowsAsync<OperationCanceledException>(
            () => LayerWriter.WriteAsync(SampleEntries(tree), output, Reproducible, cancelled.Token));
    }

    [TestMethod]
    [DoNotParallelize]
    public async Task WriteAsync_64MegabyteFile_StreamsWithBoundedMemory()
    {
        using var tree = new TestFolder();
        var big = tree.Combine("big.bin");
        using (var file = File.Create(big))
        {
            file.SetLength(64L * 1024 * 1024);
        }

        var sink = new CountingSinkStream();
        var entries = new[] { new LayerEntry("big.bin", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = big } };
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var written = await LayerWriter.WriteAsync(entries, sink, Reproducible);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.AreEqual(sink.BytesWritten, written.Size);
        Assert.IsLessThan(8L * 1024 * 1024, allocated, $"allocated {allocated} bytes for a 64 MB file");
    }

    private static async Task<WrittenLayer> WriteLayerAsync(IEnumerable<LayerEntry> entries, string path, LayerWriteOptions options)
    {
        var output = File.Create(path);
        await using (output)
        {
            return await LayerWriter.WriteAsync(entries, output, options);
        }
    }

    private static List<LayerEntry> SampleEntries(TestFolder tree)
    {
        var dll = tree.WriteFile("src/App.dll", "assembly");
        var tool = tree.WriteFile("src/tool", "#!/bin/sh\necho tool\n");
        return
        [
            new LayerEntry("tmp", LayerEntryType.Directory, Convert.ToInt32("1777", 8), 0, 0),
            new LayerEntry("app/bin/tool", LayerEntryType.File, Convert.ToInt32("4755", 8), 0, 0) { SourcePath = tool },
            new LayerEntry("app-data", LayerEntryType.Directory, 0x1ED, 1654, 1654),
            new LayerEntry("app/App.dll", LayerEntryType.File, Convert.ToInt32("640", 8), 1654, 1654) { SourcePath = dll },
            new LayerEntry("app/current", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "bin/tool" },
            new LayerEntry("app/tool-link", LayerEntryType.Hardlink, Convert.ToInt32("4755", 8), 0, 0) { LinkTarget = "app/bin/tool" },
            new LayerEntry("app/bin", LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry("app", LayerEntryType.Directory, 0x1ED, 0, 0),
        ];
    }
}
