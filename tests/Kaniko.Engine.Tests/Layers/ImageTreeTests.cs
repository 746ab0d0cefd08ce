using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;
using Kaniko.TestInfrastructure;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>Each stack of layers is extracted for real and the merged tree is held to the folder (see <see cref="ImageTreeOracle"/>).</summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class ImageTreeTests
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    [TestMethod]
    public async Task Merge_EntryUnderALowerLayersSymlink_LandsWhereTheLinkLeads()
    {
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("usr/").Directory("usr/lib/").Symlink("lib", "usr/lib").Symlink("lib64", "/usr/lib")
            .Symlink("up", "../../../usr").Symlink("chain", "up/lib").Directory("etc/").Symlink("usr/etc-link", "../../etc")
            .NextLayer()
            .File("usr/etc-link/conf")
            .File("lib/x.so").File("lib64/y.so").Directory("lib/sub/", 0x1C0, 3, 4).File("lib/sub/z").File("chain/w")
            .Directory("up/share/")
            .Layers());

        Assert.AreEqual(LayerEntryType.File, tree.Find("/usr/lib/x.so")?.Type);
        Assert.AreEqual(LayerEntryType.Symlink, tree.Find("/lib")?.Type);
        Assert.IsNull(tree.Find("/lib/x.so"), "Find follows no link");
        Assert.IsNotNull(tree.Find("/etc/conf"), "'..' stops at the root");
        Assert.IsNull(tree.Find("/"));
    }

    [TestMethod]
    public async Task Merge_EntryUnderASymlinkOfItsOwnLayer_LandsWhereTheLinkLeads()
    {
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("d/").Symlink("s", "d").File("s/x").Directory("s/sub/").Symlink("up", "s/sub/../..").File("up/d/y")
            .Symlink("hard-to-link", "d/x").Hardlink("same-link", "hard-to-link")
            .Layers());

        Assert.IsNotNull(tree.Find("/d/x"));
        Assert.IsNotNull(tree.Find("/d/y"));
        Assert.AreSame(tree.Find("/hard-to-link"), tree.Find("/same-link"), "a hard link to a symlink is that symlink");
    }

    [TestMethod]
    public async Task Merge_SymlinksOfTheSameLayer_ReplacedAndLinkedBeforeTheyExist()
    {
        await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("old/").File("old/f").Symlink("lower-link", "old")
            .NextLayer()
            .Symlink("a", "old").Directory("a/")
            .Directory("b/").File("b/inner").Symlink("b", "old")
            .Symlink("c", "old/f", 5, 6).Hardlink("c-again", "c")
            .Symlink("d", "x").Symlink("d", "y")
            .Symlink("first", "one").Symlink("second", "two").Hardlink("first", "second")
            .Directory("lower-link/")
            .Directory("e/").Symlink("e/l", "../old").Directory("e/")
            .Layers());
    }

    [TestMethod]
    public async Task Merge_Whiteouts_HideLowerLayersOnly()
    {
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("a/").File("a/x").File("a/y").Directory("a/sub/").File("a/sub/deep").Directory("a/sub/deeper/").File("a/sub/deeper/f")
            .Directory("real/").File("real/f").Symlink("via", "real").File("gone")
            .NextLayer()
            .Whiteout("a/.wh.sub").Whiteout("a/.wh.missing").Whiteout("nowhere/.wh.thing")
            .File("a/new").Whiteout("a/.wh.new")
            .Whiteout("via/.wh.f").Whiteout(".wh.gone")
            .Layers());

        Assert.IsNull(tree.Find("/a/sub"));
        Assert.IsNotNull(tree.Find("/a/new"));
        Assert.IsNull(tree.Find("/real/f"));
    }

    [TestMethod]
    public async Task Merge_OpaqueDirectory_KeepsWhatItsOwnLayerWrote()
    {
        await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("b/").File("b/z").Directory("b/sub/").File("b/sub/deep").Directory("b/keep/").File("b/keep/old")
            .Directory("c/").File("c/keep")
            .NextLayer()
            .Directory("b/", 0x1FF, 1, 1).File("b/-early").Whiteout("b/.wh..wh..opq").File("b/new").Directory("b/sub/")
            .File("b/keep/added")
            .Whiteout("missing/.wh..wh..opq")
            .Layers());
    }

    [TestMethod]
    public async Task Merge_DirectoryAndFileReplaceEachOther_WithTheirSubtrees()
    {
        await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("d/").File("d/child").Directory("d/sub/").File("d/sub/grandchild")
            .File("f")
            .Directory("same/").File("same/child").File("same", "now a file").Directory("same/")
            .NextLayer()
            .File("d", "a file now").Directory("f/").File("f/child")
            .Symlink("e", "d")
            .Layers());
    }

    [TestMethod]
    public async Task Merge_HardLinks_TakeTheTargetsMetadata()
    {
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("bin/").File("bin/tool", "tool", 0x9ED, 5, 6).Symlink("bin/sym", "tool", 8, 9).Fifo("bin/pipe", 0x1B0)
            .Directory("real/").File("real/x", "x", 0x124).Symlink("via", "real")
            .NextLayer()
            .Hardlink("tool-link", "bin/tool").Hardlink("sym-link", "bin/sym").Hardlink("pipe-link", "bin/pipe")
            .Hardlink("x-link", "via/x").Hardlink("bin/tool", "bin/tool")
            .File("own", "own", 0x1C0, 2, 3).Hardlink("own-link", "own")
            .Layers());

        Assert.AreEqual(0x9ED, tree.Find("/tool-link")?.Mode);
        Assert.AreEqual(5, tree.Find("/tool-link")?.Uid);
    }

    [TestMethod]
    public async Task Merge_HardLinkToNothing_FailsAsExtractionDoes()
    {
        await ImageTreeOracle.AssertBothFailAsync(new ImageTreeTar().Directory("d/").Hardlink("link", "missing").Layers(), "KANIKO2002");
        await ImageTreeOracle.AssertBothFailAsync(new ImageTreeTar().Directory("d/").Hardlink("link", "d").Layers(), "KANIKO2002");
    }

    [TestMethod]
    public async Task Merge_DevicesFifosAndSpecialModes_KeepTheirBits()
    {
        await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("dev/").CharacterDevice("dev/null", 1, 3).BlockDevice("dev/sda", 8, 0).Fifo("dev/initctl", 0x180)
            .Directory("tmp/", 0x3FF).File("usr-bin-su", "su", 0xDED, 0, 0).File("sgid", "g", 0x5A4, 0, 42)
            .Directory("shared/", 0x5F8, 0, 100)
            .NextLayer()
            .Fifo("dev/null").Directory("tmp/", 0x3C0, 1000, 1000).CharacterDevice("sgid", 4, 64)
            .Layers());
    }

    [TestMethod]
    public async Task Merge_ImplicitParents_AreRootOwned0755UntilAnEntryDeclaresThem()
    {
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .File("a/b/c/file").File("x/y").Symlink("p/q/link", "../y")
            .NextLayer()
            .Directory("a/", 0x1C0, 10, 20).File("a/b/more")
            .Layers());

        Assert.IsNull(tree.Find("/a/b")?.ModificationTime);
        Assert.AreEqual(0x1ED, tree.Find("/a/b")?.Mode);
        Assert.IsNotNull(tree.Find("/a")?.ModificationTime);
    }

    [TestMethod]
    public async Task Merge_FolderTimes_AreSetLastThroughTheLayersOwnLinks()
    {
        // p/q is declared, then p becomes a link to elsewhere: the time lands on elsewhere/q.
        // l/x is made in real/, then l leads to other/: real/x keeps the time of its making.
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("elsewhere/").Directory("elsewhere/q/").Directory("real/").Symlink("l", "real").Directory("other/")
            .NextLayer()
            .Directory("p/").Directory("p/q/").Symlink("p", "elsewhere")
            .Directory("l/x/").Symlink("l", "other")
            .Directory("late/").File("late/a").Directory("late/sub/").File("late/sub/b")
            .Layers());

        Assert.IsNotNull(tree.Find("/elsewhere/q")?.ModificationTime);
        Assert.IsNull(tree.Find("/real/x")?.ModificationTime);
        Assert.IsNull(tree.Find("/real")?.ModificationTime, "written into by a layer that did not declare it");
    }

    [TestMethod]
    public async Task Merge_ExtendedAttributes_AreSetAndKeptOnAFolderDeclaredAgain()
    {
        await ImageTreeOracle.AssertTreeMatchesExtractionAsync(new ImageTreeTar()
            .Directory("d/", xattrs: new() { ["user.one"] = "1", ["user.two"] = "2" }).File("d/f", xattrs: new() { ["user.file"] = "f" })
            .NextLayer()
            .Directory("d/", xattrs: new() { ["user.two"] = "two" }).File("d/g", xattrs: NoAttributes)
            .Layers());
    }

    [TestMethod]
    public async Task Merge_LinkLoopAndBadWhiteout_FailAsExtractionDoes()
    {
        await ImageTreeOracle.AssertBothFailAsync(
            new ImageTreeTar().Symlink("a", "b").Symlink("b", "a").NextLayer().File("a/x").Layers(), "KANIKO2003");
        await ImageTreeOracle.AssertBothFailAsync(
            new ImageTreeTar().Directory("d/").Whiteout("d/.wh..wh.other").Layers(), "KANIKO2006");
        await ImageTreeOracle.AssertBothFailAsync(
            new ImageTreeTar().File("f").NextLayer().File("f/x").Layers(), "KANIKO2004");
    }

    [TestMethod]
    [DataRow("busybox")]
    [DataRow("runtime")]
    [DataRow("aspnet")]
    public async Task Merge_BaseImage_MatchesItsExtraction(string tag)
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var image = await Kaniko.Engine.Images.OciLayoutReader.ReadAsync(layout, tag, Kaniko.Engine.Images.Platform.Host, CancellationToken.None);
        var tree = await ImageTreeOracle.AssertTreeMatchesExtractionAsync(
            image.Layers.Select(layer => (Func<Stream>)(() => File.OpenRead(layer.BlobPath))).ToList());

        Assert.IsNotNull(tree.Find("/etc/passwd")?.Content, "the image's passwd is kept for COPY --chown");
        Assert.IsGreaterThan(100, tree.Entries.Count());
    }
}
