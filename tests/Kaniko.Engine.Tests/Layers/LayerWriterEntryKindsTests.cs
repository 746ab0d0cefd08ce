using System.Runtime.Versioning;
using System.Text;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>Hard links, devices, FIFOs, xattrs and whiteouts as the writer puts them in a layer; GNU tar is the witness.</summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class LayerWriterEntryKindsTests
{
    private static readonly byte[] Capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [TestMethod]
    public async Task WriteAsync_FilesSharingAnInode_AreWrittenOnceThenAsHardLinksToTheFirst()
    {
        using var work = new TestFolder();
        var first = work.WriteFile("src/first", "shared");
        var second = work.Combine("src/second");
        ExternalCommand.Bash($"ln {ExternalCommand.Quote(first)} {ExternalCommand.Quote(second)}");
        var layer = work.Combine("layer.tar.gz");

        await WriteAsync(layer, new LayerWriteOptions(),
            new LayerEntry("b", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = second },
            new LayerEntry("a", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = first },
            new LayerEntry("c", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = work.WriteFile("src/c", "alone") });

        var listing = ExternalCommand.Bash($"tar --numeric-owner -tvzf {ExternalCommand.Quote(layer)}");
        StringAssert.Contains(listing, "b link to a");
        Assert.DoesNotContain("c link to", listing);
        Assert.AreEqual(2, ExternalCommand.Bash($"tar -xzf {ExternalCommand.Quote(layer)} -O a c").Length / 5);
    }

    [TestMethod]
    public async Task WriteAsync_DevicesAndFifos_AreWrittenWithTheirNumbers()
    {
        using var work = new TestFolder();
        var layer = work.Combine("layer.tar.gz");

        await WriteAsync(layer, new LayerWriteOptions(),
            new LayerEntry("dev", LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry("dev/null", LayerEntryType.CharacterDevice, 0x1B6, 0, 0) { DeviceMajor = 1, DeviceMinor = 3 },
            new LayerEntry("dev/loop9", LayerEntryType.BlockDevice, 0x1B0, 0, 6) { DeviceMajor = 7, DeviceMinor = 9 },
            new LayerEntry("run/pipe", LayerEntryType.Fifo, 0x180, 0, 0));

        var listing = string.Join(' ', ExternalCommand.Bash($"tar --numeric-owner -tvzf {ExternalCommand.Quote(layer)}")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
        StringAssert.Contains(listing, "crw-rw-rw- 0/0 1,3 ");
        StringAssert.Contains(listing, "brw-rw---- 0/6 7,9 ");
        StringAssert.Contains(listing, "prw------- 0/0 ");
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        var root = work.Combine("root");
        await LayerExtractor.ExtractAsync(File.OpenRead(layer), root);
        var stat = ExternalCommand.Bash($"cd {ExternalCommand.Quote(root)} && stat -c '%n %F %t,%T %a' dev/null dev/loop9 run/pipe");
        StringAssert.Contains(stat, "dev/null character special file 1,3 666");
        StringAssert.Contains(stat, "dev/loop9 block special file 7,9 660");
        StringAssert.Contains(stat, "run/pipe fifo 0,0 600");
    }

    [TestMethod]
    public async Task WriteAsync_ExtendedAttributes_AreWrittenAsPaxRecordsThatGnuTarAndWeApply()
    {
        Assert.IsTrue(Environment.IsPrivilegedProcess, "the tests run as root (build/test does): security.* xattrs need it");

        using var work = new TestFolder();
        var ping = work.WriteFile("src/ping", "ping");
        var layer = work.Combine("layer.tar.gz");
        await WriteAsync(layer, new LayerWriteOptions(),
            new LayerEntry("ping", LayerEntryType.File, 0x1ED, 0, 0)
            {
                SourcePath = ping,
                ExtendedAttributes = new Dictionary<string, byte[]>
                {
                    ["security.capability"] = Capability,
                    ["user.origin"] = Encoding.UTF8.GetBytes("kaniko"),
                },
            });

        var gnu = work.Combine("gnu");
        Directory.CreateDirectory(gnu);
        ExternalCommand.Bash($"tar --xattrs --xattrs-include='*' -xpzf {ExternalCommand.Quote(layer)} -C {ExternalCommand.Quote(gnu)}");
        var ours = work.Combine("ours");
        await LayerExtractor.ExtractAsync(File.OpenRead(layer), ours);

        foreach (var root in new[] { gnu, ours })
        {
            CollectionAssert.AreEqual(Capability, UnixSystemCalls.GetExtendedAttribute(Path.Join(root, "ping"), "security.capability"), root);
            CollectionAssert.AreEqual("kaniko"u8.ToArray(), UnixSystemCalls.GetExtendedAttribute(Path.Join(root, "ping"), "user.origin"), root);
        }
    }

    [TestMethod]
    public async Task WriteAsync_Whiteouts_OpaqueMarkerFirstAndNoneUnderADeletedDirectory()
    {
        using var work = new TestFolder();
        var layer = work.Combine("layer.tar.gz");
        var file = work.WriteFile("src/file", "new");

        await WriteAsync(layer, new LayerWriteOptions(),
            new LayerEntry("d", LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry("d/-early", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = file },
            LayerEntry.OpaqueDirectory("d"),
            LayerEntry.Whiteout("gone"),
            LayerEntry.Whiteout("gone/inner"),
            LayerEntry.OpaqueDirectory("gone/sub"),
            LayerEntry.Whiteout("etc/old.conf"));

        var names = ExternalCommand.Bash($"tar -tzf {ExternalCommand.Quote(layer)}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { ".wh.gone", "d/", "d/.wh..wh..opq", "d/-early", "etc/.wh.old.conf" }, names);
    }

    [TestMethod]
    public async Task WriteAsync_OwnersBeyondUstar_AreCarriedInPaxRecords()
    {
        using var work = new TestFolder();
        var layer = work.Combine("layer.tar.gz");
        var splitName = string.Join('/', Enumerable.Repeat("twenty-character-dir", 6)) + "/file";

        await WriteAsync(layer, new LayerWriteOptions(),
            new LayerEntry("openshift", LayerEntryType.File, 0x1A4, 1_000_680_000, 1_000_680_001) { SourcePath = work.WriteFile("src/o", "o") },
            new LayerEntry(splitName, LayerEntryType.File, 0x1A4, 2_097_151, 0) { SourcePath = work.WriteFile("src/s", "s") });

        var listing = ExternalCommand.Bash($"tar --numeric-owner -tvzf {ExternalCommand.Quote(layer)}");
        StringAssert.Contains(listing, "1000680000/1000680001");
        StringAssert.Contains(listing, "2097151/0");
        StringAssert.Contains(listing, splitName);
        var headers = ExternalCommand.Bash($"gzip -dc {ExternalCommand.Quote(layer)} | strings | grep -c PaxHeaders || true").Trim();
        Assert.AreEqual("1", headers, "only the large owner needs a PAX header; the long name fits ustar's prefix");
        if (Environment.IsPrivilegedProcess)
        {
            var root = work.Combine("root");
            await LayerExtractor.ExtractAsync(File.OpenRead(layer), root);
            var status = FileStatus.Read(Path.Join(root, "openshift"));
            Assert.AreEqual((1_000_680_000, 1_000_680_001), (status.Uid, status.Gid));
        }
    }

    [TestMethod]
    public async Task WriteAsync_PathWithAWhiteoutPrefix_IsRejected()
    {
        using var work = new TestFolder();
        var entry = new LayerEntry("etc/.wh.sneaky", LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = work.WriteFile("f", "f") };

        await Assert.ThrowsExactlyAsync<ArgumentException>(() => LayerWriter.WriteAsync([entry], Stream.Null, new LayerWriteOptions()));
    }

    private static async Task WriteAsync(string path, LayerWriteOptions options, params LayerEntry[] entries)
    {
        var output = File.Create(path);
        await using (output)
        {
            await LayerWriter.WriteAsync(entries, output, options);
        }
    }
}
