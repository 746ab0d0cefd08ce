using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class LayerExtractorSymlinkTests
{
    [TestMethod]
    public async Task ExtractAsync_FolderDeclaredAgainAfterASymlinkInIt_KeepsTheSymlink()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var layer = new RawTar().Directory("a/").Symlink("a/l", "x").Directory("a/").Layers().Single();

        await LayerExtractor.ExtractAsync(layer, root);

        Assert.IsTrue(FileStatus.Read(Path.Join(root, "a/l")).IsSymbolicLink, "not the placeholder file left behind");
        Assert.AreEqual("x", new FileInfo(Path.Join(root, "a/l")).LinkTarget);
    }

    [TestMethod]
    public async Task ExtractAsync_HardLinkToASymlinkOverAnother_LinksTheLastTarget()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var layer = new RawTar().Symlink("first", "one").Symlink("second", "two").Hardlink("first", "second").Layers().Single();

        await LayerExtractor.ExtractAsync(layer, root);

        Assert.AreEqual("two", new FileInfo(Path.Join(root, "first")).LinkTarget);
    }
}
