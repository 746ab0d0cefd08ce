using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// The test's oracle: the layers extracted for real with <see cref="LayerExtractor"/>, the folder
/// walked with lstat, and the <see cref="ImageTree"/> merged from their listings held to it path by
/// path, times included: where the tree has none, the folder's time on disk is the extraction's own.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ImageTreeOracle
{
    public static async Task<ImageTree> AssertTreeMatchesExtractionAsync(IReadOnlyList<Func<Stream>> layers)
    {
        var listings = new List<LayerListing>();
        foreach (var layer in layers)
        {
            using var blob = layer();
            listings.Add(await LayerListing.ReadAsync(blob, CancellationToken.None));
        }

        var tree = ImageTree.Merge(listings);
        using var work = new TestFolder();
        var root = work.Combine("root");
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var layer in layers)
        {
            using var blob = layer();
            await LayerExtractor.ExtractAsync(blob, root);
        }

        AssertSame(tree, root, start);
        return tree;
    }

    public static Task<ImageTree> AssertTreeMatchesExtractionAsync(IReadOnlyList<byte[]> layers) =>
        AssertTreeMatchesExtractionAsync(layers.Select(bytes => (Func<Stream>)(() => new MemoryStream(bytes))).ToList());

    /// <summary>Extraction fails, and so does the merge, with the same code.</summary>
    public static async Task AssertBothFailAsync(IReadOnlyList<byte[]> layers, string code)
    {
        using var work = new TestFolder();
        var extraction = await Assert.ThrowsAsync<KanikoException>(async () =>
        {
            foreach (var layer in layers)
            {
                await LayerExtractor.ExtractAsync(new MemoryStream(layer), work.Combine("root"));
            }
        });
        Assert.AreEqual(code, extraction.Code, extraction.Message);

        var merge = await Assert.ThrowsAsync<KanikoException>(async () =>
        {
            var listings = new List<LayerListing>();
            foreach (var layer in layers)
            {
                listings.Add(await LayerListing.ReadAsync(new MemoryStream(layer), CancellationToken.None));
            }

            ImageTree.Merge(listings);
        });
        Assert.AreEqual(code, merge.Code, merge.Message);
    }

    private static void AssertSame(ImageTree tree, string root, DateTimeOffset start)
    {
        var disk = new SortedDictionary<string, FileStatus>(StringComparer.Ordinal);
        WalkDisk(root, string.Empty, disk);
        var entries = tree.Entries.ToList();
        var nodes = entries.ToDictionary(entry => entry.Path, entry => entry.Node, StringComparer.Ordinal);

        var missing = disk.Keys.Except(nodes.Keys).ToList();
        var extra = nodes.Keys.Except(disk.Keys).ToList();
        Assert.IsTrue(missing.Count == 0 && extra.Count == 0,
            $"On disk, not in the tree: {string.Join(", ", missing.Take(20))}; in the tree, not on disk: {string.Join(", ", extra.Take(20))}");

        var seen = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        foreach (var (path, node) in entries)
        {
            Assert.Contains(path[..path.LastIndexOf('/')], seen, $"{path} is listed before its parent");
            seen.Add(path);
            Assert.AreSame(node, tree.Find(path), path);
            AssertSameNode(path, node, disk[path], root + path, start);
        }
    }

    private static void AssertSameNode(string path, ImageTreeNode node, FileStatus status, string hostPath, DateTimeOffset start)
    {
        Assert.AreEqual(TypeOf(status), node.Type, path);
        Assert.AreEqual(Convert.ToString(status.Permissions, 8), Convert.ToString(node.Mode, 8), $"{path} mode");
        Assert.AreEqual((status.Uid, status.Gid), (node.Uid, node.Gid), $"{path} owner");
        switch (node.Type)
        {
            case LayerEntryType.Symlink:
                Assert.AreEqual(new FileInfo(hostPath).LinkTarget, node.LinkTarget, $"{path} link");
                break;
            case LayerEntryType.File:
                Assert.AreEqual(status.Size, node.Size, $"{path} size");
                if (node.Content is not null)
                {
                    CollectionAssert.AreEqual(File.ReadAllBytes(hostPath), node.Content, $"{path} content");
                }

                break;
            case LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice:
                Assert.AreEqual((status.DeviceMajor, status.DeviceMinor), (node.DeviceMajor, node.DeviceMinor), $"{path} device");
                break;
        }

        if (node.ModificationTime is { } time)
        {
            Assert.AreEqual(time, status.ModificationTime, $"{path} time");
        }
        else
        {
            Assert.AreEqual(LayerEntryType.Directory, node.Type, $"{path} has no time");
            Assert.IsGreaterThanOrEqualTo(start, status.ModificationTime, $"{path} has no time in the tree: extraction wrote it last");
        }

        if (node.Type != LayerEntryType.Symlink)
        {
            var names = UnixSystemCalls.ListExtendedAttributes(hostPath).Where(name => name != "security.selinux").Order(StringComparer.Ordinal);
            CollectionAssert.AreEqual(names.ToList(), node.ExtendedAttributes.Keys.Order(StringComparer.Ordinal).ToList(), $"{path} xattrs");
            foreach (var (name, value) in node.ExtendedAttributes)
            {
                CollectionAssert.AreEqual(UnixSystemCalls.GetExtendedAttribute(hostPath, name), value, $"{path} {name}");
            }
        }
    }

    private static LayerEntryType TypeOf(FileStatus status) =>
        status.IsDirectory ? LayerEntryType.Directory
        : status.IsSymbolicLink ? LayerEntryType.Symlink
        : status.IsRegularFile ? LayerEntryType.File
        : status.IsCharacterDevice ? LayerEntryType.CharacterDevice
        : status.IsBlockDevice ? LayerEntryType.BlockDevice
        : status.IsFifo ? LayerEntryType.Fifo
        : throw new AssertFailedException($"unexpected file type {status.Mode:x}");

    private static void WalkDisk(string hostFolder, string imageFolder, IDictionary<string, FileStatus> into)
    {
        foreach (var hostPath in Directory.EnumerateFileSystemEntries(hostFolder))
        {
            var imagePath = imageFolder + "/" + Path.GetFileName(hostPath);
            var status = FileStatus.Read(hostPath);
            into[imagePath] = status;
            if (status.IsDirectory)
            {
                WalkDisk(hostPath, imagePath, into);
            }
        }
    }
}
