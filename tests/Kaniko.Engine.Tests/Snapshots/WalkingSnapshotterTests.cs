using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Snapshots;

namespace Kaniko.Engine.Tests.Snapshots;

/// <summary>The walking snapshotter finds each kind of change, as each --snapshot-mode sees it.</summary>
[TestClass]
public sealed class WalkingSnapshotterTests
{
    private string _root = null!;

    [TestInitialize]
    public void CreateRoot()
    {
        _root = Directory.CreateTempSubdirectory("walk-test").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "data/sub"));
        Directory.CreateDirectory(Path.Combine(_root, "data/old"));
        Directory.CreateDirectory(Path.Combine(_root, "proc"));
        File.WriteAllText(Path.Combine(_root, "data/same.txt"), "same");
        File.WriteAllText(Path.Combine(_root, "data/sub/file.txt"), "abc");
        File.WriteAllText(Path.Combine(_root, "data/old/inside.txt"), "x");
        File.CreateSymbolicLink(Path.Combine(_root, "data/link"), "same.txt");
    }

    [TestCleanup]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    [DataRow(SnapshotMode.Full)]
    [DataRow(SnapshotMode.Redo)]
    [DataRow(SnapshotMode.Time)]
    public void Commit_NewFileAndDeletion_AreFoundInEveryMode(SnapshotMode mode)
    {
        var entries = Snapshot(mode, () =>
        {
            File.WriteAllText(Path.Combine(_root, "data/sub/new.txt"), "new");
            Directory.Delete(Path.Combine(_root, "data/old"), recursive: true);
            File.WriteAllText(Path.Combine(_root, "proc/ignored"), "not in a layer");
        });

        CollectionAssert.AreEqual(
            new[] { "data Directory", "data/old Whiteout", "data/sub Directory", "data/sub/new.txt File" },
            entries, string.Join(", ", entries));
    }

    [TestMethod]
    [DataRow(SnapshotMode.Full, true)]
    [DataRow(SnapshotMode.Redo, true)]
    [DataRow(SnapshotMode.Time, false)]
    public void Commit_ChmodOnly_IsFoundUnlessTimeMode(SnapshotMode mode, bool found)
    {
        var entries = Snapshot(mode, () => File.SetUnixFileMode(Path.Combine(_root, "data/same.txt"), UnixFileMode.UserRead));

        Assert.AreEqual(found, entries.Contains("data/same.txt File"), string.Join(", ", entries));
    }

    [TestMethod]
    public void Commit_SameSizeRewriteWithOldMtime_IsFoundOnlyByFullMode()
    {
        var path = Path.Combine(_root, "data/sub/file.txt");
        var mtime = FileStatus.Read(path).ModificationTime;
        void Rewrite()
        {
            File.WriteAllText(path, "xyz");
            UnixSystemCalls.SetModificationTime(path, mtime);
        }

        CollectionAssert.Contains(Snapshot(SnapshotMode.Full, Rewrite), "data/sub/file.txt File");
        File.WriteAllText(path, "abc");
        UnixSystemCalls.SetModificationTime(path, mtime);
        CollectionAssert.DoesNotContain(Snapshot(SnapshotMode.Redo, Rewrite), "data/sub/file.txt File");
    }

    [TestMethod]
    public void Commit_LinkReplacedByFolder_IsOpaque()
    {
        var entries = Snapshot(SnapshotMode.Full, () =>
        {
            File.Delete(Path.Combine(_root, "data/link"));
            Directory.CreateDirectory(Path.Combine(_root, "data/link"));
        });

        CollectionAssert.AreEqual(new[] { "data Directory", "data/link OpaqueDirectory", "data/link Directory" }, entries, string.Join(", ", entries));
    }

    [TestMethod]
    public void Commit_RecreatedFolder_HidesWhatItHeld()
    {
        // A new inode makes it opaque; a reused inode number leaves a whiteout per missing child: the same tree either way.
        var entries = Snapshot(SnapshotMode.Full, () =>
        {
            Directory.Delete(Path.Combine(_root, "data/old"), recursive: true);
            Directory.CreateDirectory(Path.Combine(_root, "data/old"));
            File.WriteAllText(Path.Combine(_root, "data/old/other.txt"), "o");
        });

        Assert.IsTrue(entries.Contains("data/old OpaqueDirectory") || entries.Contains("data/old/inside.txt Whiteout"), string.Join(", ", entries));
        CollectionAssert.Contains(entries, "data/old/other.txt File");
    }

    [TestMethod]
    public void Commit_NothingChanged_IsEmpty() =>
        Assert.AreEqual(0, Snapshot(SnapshotMode.Full, () => File.ReadAllText(Path.Combine(_root, "data/same.txt"))).Count);

    private List<string> Snapshot(SnapshotMode mode, Action change)
    {
        var root = new RootDirectory(_root);
        var snapshotter = new WalkingSnapshotter(SnapshotIgnoreList.Sandbox, mode, reproducible: true);
        var before = snapshotter.Capture(root);
        change();
        return snapshotter.Commit(before, root).Select(entry => $"{entry.Path} {entry.Type}").ToList();
    }
}
