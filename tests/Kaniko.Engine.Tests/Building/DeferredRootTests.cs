using Kaniko.Engine.Building;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Tests.Filesystem;
using Kaniko.Engine.Tests.Layers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Building;

[TestClass]
public sealed class DeferredRootTests
{
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";

    [TestMethod]
    public async Task OnDemand_WalksMaterializeOnlyWhatTheyReach_WithTheBasesMetadata_AndKeepThePasswdFile()
    {
        using var folder = new TestFolder();
        var (baseLayer, _) = Layers(folder);
        var root = new RootDirectory(folder.Combine("on-demand"));
        Directory.CreateDirectory(root.HostPath);
        var deferred = new DeferredRoot(root, new LayerListingStore(null, NullLogger.Instance));
        deferred.Add(baseLayer);

        await deferred.ApplyAsync(onDemand: true, CancellationToken.None);
        var before = Directory.EnumerateFileSystemEntries(root.HostPath).ToList();
        var lib = root.Resolve("/lib/new.txt");
        var passwd = File.ReadAllText(root.Resolve("/etc/passwd"));

        Assert.IsEmpty(before, "nothing is extracted up front");
        Assert.AreEqual(root.HostPath + "/usr/lib/new.txt", lib, "the base's link is followed");
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(root.HostPath + "/usr/lib"));
        Assert.AreEqual("root:x:0:0::/root:/bin/sh\n", passwd);
        Assert.IsFalse(File.Exists(root.HostPath + "/usr/lib/a.so"), "a file nothing walked to is not there");
        var extracted = new DeferredRoot(new RootDirectory(folder.Combine("extracted")), listings: null);
        extracted.Add(baseLayer);
        await extracted.ApplyAsync(onDemand: false, CancellationToken.None);
        Assert.AreEqual(FileStatus.Read(folder.Combine("extracted", "usr")).ModificationTime, FileStatus.Read(root.HostPath + "/usr").ModificationTime, "materializing /usr/lib keeps /usr's time");
    }

    [TestMethod]
    public async Task OnDemand_ThenALayerOnTop_LeavesTheTreeOfAFullExtraction_ButTheBaseFilesData()
    {
        using var folder = new TestFolder();
        var (baseLayer, topLayer) = Layers(folder);
        var onDemandRoot = new RootDirectory(folder.Combine("on-demand"));
        var extractedRoot = new RootDirectory(folder.Combine("extracted"));
        Directory.CreateDirectory(onDemandRoot.HostPath);
        Directory.CreateDirectory(extractedRoot.HostPath);
        var onDemand = new DeferredRoot(onDemandRoot, new LayerListingStore(null, NullLogger.Instance));
        var extracted = new DeferredRoot(extractedRoot, listings: null);

        onDemand.Add(baseLayer);
        await onDemand.ApplyAsync(onDemand: true, CancellationToken.None);
        onDemandRoot.Resolve("/lib/x");
        onDemand.Add(topLayer);
        await onDemand.ApplyAsync(onDemand: true, CancellationToken.None);
        extracted.Add(baseLayer);
        extracted.Add(topLayer);
        await extracted.ApplyAsync(onDemand: false, CancellationToken.None);

        var expected = Listing(extractedRoot.HostPath);
        var actual = Listing(onDemandRoot.HostPath);
        CollectionAssert.AreEqual(expected.Keys.ToList(), actual.Keys.ToList());
        foreach (var (path, entry) in expected)
        {
            Assert.AreEqual(entry with { Size = 0 }, actual[path] with { Size = 0 }, path);
        }

        Assert.AreEqual("top", File.ReadAllText(onDemandRoot.HostPath + "/usr/lib/b.so"), "the layer on top is extracted with its data");
        Assert.AreEqual(0L, new FileInfo(onDemandRoot.HostPath + "/usr/lib/a.so").Length, "a base file has no data");
        Assert.ThrowsExactly<InvalidOperationException>(() => onDemand.ExtractAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task OnDemand_WithThePasswdFileBehindALink_ExtractsTheBaseInstead()
    {
        using var folder = new TestFolder();
        var layers = new ImageTreeTar()
            .Directory("private/").Directory("private/etc/").File("private/etc/passwd", "app:x:7:7::/:/bin/sh\n").Symlink("etc", "private/etc")
            .File("data", "base data")
            .Layers();
        var root = new RootDirectory(folder.Combine("root"));
        Directory.CreateDirectory(root.HostPath);
        var deferred = new DeferredRoot(root, new LayerListingStore(null, NullLogger.Instance));
        deferred.Add(Stored(folder, layers[0]));

        await deferred.ApplyAsync(onDemand: true, CancellationToken.None);

        Assert.AreEqual("base data", File.ReadAllText(root.HostPath + "/data"), "the listing lacks the passwd data, so the base is extracted");
        Assert.AreEqual((7, 7), ImageAccounts.Read(root).ResolveOwner("app"));
    }

    [TestMethod]
    public async Task WithListings_AFirstApplyNotOnDemand_ExtractsEveryLayer_AndLaterOnesToo()
    {
        using var folder = new TestFolder();
        var (baseLayer, topLayer) = Layers(folder);
        var root = new RootDirectory(folder.Combine("root"));
        Directory.CreateDirectory(root.HostPath);
        var deferred = new DeferredRoot(root, new LayerListingStore(null, NullLogger.Instance));
        deferred.Add(baseLayer);

        await deferred.ApplyAsync(onDemand: false, CancellationToken.None);
        deferred.Add(topLayer);
        await deferred.ApplyAsync(onDemand: true, CancellationToken.None);
        await deferred.ExtractAsync(CancellationToken.None);

        Assert.IsFalse(deferred.ExtractsNothing);
        Assert.AreEqual("base data", File.ReadAllText(root.HostPath + "/usr/lib/a.so"), "an instruction after the first reads base data: the base is extracted");
        Assert.AreEqual("top", File.ReadAllText(root.HostPath + "/usr/lib/b.so"));
    }

    private static (LocalLayer Base, LocalLayer Top) Layers(TestFolder folder)
    {
        var layers = new ImageTreeTar()
            .Directory("usr/").Directory("usr/lib/", mode: 0x1E8).File("usr/lib/a.so", "base data").Symlink("lib", "usr/lib")
            .Directory("etc/").File("etc/passwd", "root:x:0:0::/root:/bin/sh\n").Directory("opt/", uid: 5, gid: 6).File("opt/gone")
            .NextLayer()
            .File("lib/b.so", "top").Whiteout("opt/.wh.gone").Directory("usr/share/")
            .Layers();
        return (Stored(folder, layers[0]), Stored(folder, layers[1]));
    }

    private static LocalLayer Stored(TestFolder folder, byte[] tar)
    {
        var digest = Digest.Sha256(tar);
        var path = folder.Combine(digest.Hex);
        File.WriteAllBytes(path, tar);
        return new LocalLayer(new Descriptor { MediaType = LayerMediaType, Digest = digest, Size = tar.Length }, digest, path);
    }

    private static SortedDictionary<string, DiskEntry> Listing(string root)
    {
        var entries = new SortedDictionary<string, DiskEntry>(StringComparer.Ordinal);
        var recent = DateTimeOffset.UtcNow.AddMinutes(-10);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var status = FileStatus.Read(path);
            entries[path[root.Length..]] = new DiskEntry(
                status.IsDirectory ? "dir" : status.IsSymbolicLink ? "link" : "file",
                status.Permissions,
                status.Uid,
                status.Gid,
                status.IsSymbolicLink ? new FileInfo(path).LinkTarget : null,
                status.ModificationTime > recent ? null : status.ModificationTime,
                status.IsRegularFile ? new FileInfo(path).Length : 0);
        }

        return entries;
    }

    private sealed record DiskEntry(string Kind, int Mode, int Uid, int Gid, string? LinkTarget, DateTimeOffset? Time, long Size);
}
