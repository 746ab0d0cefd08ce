using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Filesystem;

[TestClass]
public sealed class WorkFolderTests
{
    private const string DeadOwnersFolder = "kaniko-0123456789abcdef0123456789abcdef";

    [TestMethod]
    public void RemoveAbandoned_LeavesAFolderItsOwnerHolds()
    {
        using var parent = new TestFolder();
        using var live = WorkFolder.Create(parent.Path, WorkFolder.BuildPrefix);

        var removed = WorkFolder.RemoveAbandoned(parent.Path, WorkFolder.BuildPrefix, NullLogger.Instance);

        Assert.AreEqual(0, removed);
        Assert.IsTrue(Directory.Exists(live.Path));
    }

    [TestMethod]
    public void RemoveAbandoned_RemovesAFolderWhoseLockNoOneHolds()
    {
        using var parent = new TestFolder();
        parent.WriteFile(Path.Combine(DeadOwnersFolder, ".lock"), "");
        parent.WriteFile(Path.Combine(DeadOwnersFolder, "stages", "0", "bin", "sh"), "a root the build left");

        var removed = WorkFolder.RemoveAbandoned(parent.Path, WorkFolder.BuildPrefix, NullLogger.Instance);

        Assert.AreEqual(1, removed);
        Assert.IsFalse(Directory.Exists(parent.Combine(DeadOwnersFolder)));
    }

    [TestMethod]
    [DataRow(2.0, false)]
    [DataRow(0.0, true)]
    public void RemoveAbandoned_FolderWithoutALock_RemovedOnlyOnceItIsOld(double hoursOld, bool kept)
    {
        using var parent = new TestFolder();
        parent.WriteFile(Path.Combine(DeadOwnersFolder, "blobs", "layer"), "made before work folders were locked, or being made right now");
        Directory.SetLastWriteTimeUtc(parent.Combine(DeadOwnersFolder), DateTime.UtcNow - TimeSpan.FromHours(hoursOld));

        WorkFolder.RemoveAbandoned(parent.Path, WorkFolder.BuildPrefix, NullLogger.Instance);

        Assert.AreEqual(kept, Directory.Exists(parent.Combine(DeadOwnersFolder)));
    }

    [TestMethod]
    [DataRow("kaniko-tests")]
    [DataRow("kaniko-run-0123456789abcdef0123456789abcdef")]
    [DataRow("kaniko-0123456789ABCDEF0123456789ABCDEF")]
    [DataRow("kaniko-heredoc-0123456789abcdef0123456789abcdef")]
    public void RemoveAbandoned_OnlyTouchesItsOwnNames(string name)
    {
        using var parent = new TestFolder();
        parent.WriteFile(Path.Combine(name, ".lock"), "");

        WorkFolder.RemoveAbandoned(parent.Path, WorkFolder.BuildPrefix, NullLogger.Instance);

        Assert.IsTrue(Directory.Exists(parent.Combine(name)));
    }

    [TestMethod]
    public void Dispose_RemovesTheFolderAndFreesItsName()
    {
        using var parent = new TestFolder();
        var work = WorkFolder.Create(parent.Path, WorkFolder.RunPrefix);
        File.WriteAllText(Path.Combine(work.Path, "file"), "content");

        work.Dispose();

        Assert.IsFalse(Directory.Exists(work.Path));
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(parent.Path).ToList());
    }

    [TestMethod]
    public void MoveTo_TheFolderArrivesWithoutItsLockFile()
    {
        using var parent = new TestFolder();
        using var staging = WorkFolder.Create(parent.Path, ".out.kaniko-");
        File.WriteAllText(Path.Combine(staging.Path, "index.json"), "{}");
        var destination = parent.Combine("out");

        staging.MoveTo(destination);

        CollectionAssert.AreEqual(new[] { "index.json" }, Directory.EnumerateFileSystemEntries(destination).Select(Path.GetFileName).ToArray());
        Assert.IsFalse(Directory.Exists(staging.Path));
    }
}
