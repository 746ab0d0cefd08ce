using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Tests.Filesystem;

[TestClass]
public sealed class DurableFileTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task LinkOrCopy_AFileOfThisUser_IsLinked_AndLeavesNoTemporary()
    {
        using var folder = new TestFolder();
        var blob = folder.WriteFile("from/blob", "layer bytes");
        Directory.CreateDirectory(folder.Combine("to"));

        await DurableFile.LinkOrCopyAsync(blob, folder.Combine("to", "blob"), TestContext.CancellationToken);

        Assert.AreEqual(FileStatus.Read(blob).Inode, FileStatus.Read(folder.Combine("to", "blob")).Inode);
        CollectionAssert.AreEqual(new[] { "blob" }, Directory.GetFiles(folder.Combine("to")).Select(Path.GetFileName).ToList());
    }

    [TestMethod]
    public async Task LinkOrCopy_AFileOfAnotherUser_IsCopied_SoTheNewNameIsThisUsers()
    {
        // The suite runs as root (build/test, as kaniko does); giving the file to another user needs it.
        Assert.IsTrue(FileOwnership.CanChangeOwner, "the tests run as root");

        using var folder = new TestFolder();
        var blob = folder.WriteFile("from/blob", "layer bytes");
        FileOwnership.Set(blob, 4321, 4321);
        Directory.CreateDirectory(folder.Combine("to"));

        await DurableFile.LinkOrCopyAsync(blob, folder.Combine("to", "blob"), TestContext.CancellationToken);

        var copy = FileStatus.Read(folder.Combine("to", "blob"));
        Assert.AreNotEqual(FileStatus.Read(blob).Inode, copy.Inode);
        Assert.AreEqual(0, copy.Uid);
        Assert.AreEqual("layer bytes", File.ReadAllText(folder.Combine("to", "blob")));
    }
}
