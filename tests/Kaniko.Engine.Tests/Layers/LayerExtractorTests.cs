using System.Runtime.Versioning;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class LayerExtractorTests
{
    private static readonly int Mode4755 = Convert.ToInt32("4755", 8);
    private static readonly int Mode1777 = Convert.ToInt32("1777", 8);
    private static readonly int Mode0640 = Convert.ToInt32("640", 8);

    [TestMethod]
    public async Task ExtractAsync_WrittenLayer_RoundTripsContentModesOwnersAndLinks()
    {
        using var work = new TestFolder();
        var tool = work.WriteFile("src/tool", "#!/bin/sh\necho tool\n");
        var dll = work.WriteFile("src/App.dll", "assembly");
        var root = work.Combine("root");
        await ExtractAsync(root,
            new LayerEntry("app", LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry("app/App.dll", LayerEntryType.File, Mode0640, 1654, 1654) { SourcePath = dll },
            new LayerEntry("app/bin", LayerEntryType.Directory, 0x1ED, 0, 0),
            new LayerEntry("app/bin/tool", LayerEntryType.File, Mode4755, 0, 0) { SourcePath = tool },
            new LayerEntry("app/current", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "bin/tool" },
            new LayerEntry("app/tool-link", LayerEntryType.Hardlink, Mode4755, 0, 0) { LinkTarget = "app/bin/tool" },
            new LayerEntry("tmp", LayerEntryType.Directory, Mode1777, 0, 0));

        Assert.AreEqual("assembly", System.IO.File.ReadAllText(Path.Join(root, "app/App.dll")));
        Assert.AreEqual((UnixFileMode)Mode0640, System.IO.File.GetUnixFileMode(Path.Join(root, "app/App.dll")));
        Assert.AreEqual((UnixFileMode)Mode4755, System.IO.File.GetUnixFileMode(Path.Join(root, "app/bin/tool")));
        Assert.AreEqual((UnixFileMode)Mode1777, System.IO.File.GetUnixFileMode(Path.Join(root, "tmp")));
        Assert.AreEqual("bin/tool", new FileInfo(Path.Join(root, "app/current")).LinkTarget);
        Assert.AreEqual(DateTime.UnixEpoch, System.IO.File.GetLastWriteTimeUtc(Path.Join(root, "app/App.dll")));
        Assert.AreEqual(DateTime.UnixEpoch, System.IO.Directory.GetLastWriteTimeUtc(Path.Join(root, "app")));

        var stat = ExternalCommand.Bash(
            $"cd {ExternalCommand.Quote(root)} && stat -c '%n %u:%g %i %h' app/App.dll app/bin/tool app/tool-link")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(fields => fields[0]);
        if (Environment.IsPrivilegedProcess)
        {
            Assert.AreEqual("1654:1654", stat["app/App.dll"][1]);
            Assert.AreEqual("0:0", stat["app/bin/tool"][1]);
        }

        Assert.AreEqual(stat["app/bin/tool"][2], stat["app/tool-link"][2], "a hard link shares the inode");
        Assert.AreEqual("2", stat["app/tool-link"][3]);
    }

    [TestMethod]
    public async Task ExtractAsync_Whiteouts_DeleteLowerPathsAndOpaqueDirectoriesKeepThisLayersEntries()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var lower = work.WriteFile("lower", "lower");
        var upper = work.WriteFile("upper", "upper");
        await ExtractAsync(root,
            DirectoryEntry("a"), FileEntry("a/x", lower), FileEntry("a/y", lower),
            DirectoryEntry("b"), FileEntry("b/z", lower), DirectoryEntry("b/sub"), FileEntry("b/sub/deep", lower),
            DirectoryEntry("c"), FileEntry("c/keep", lower));

        await ExtractAsync(root,
            DirectoryEntry("a"), LayerEntry.Whiteout("a/x"),
            DirectoryEntry("b"), FileEntry("b/-early", upper), LayerEntry.OpaqueDirectory("b"), FileEntry("b/new", upper),
            DirectoryEntry("b/sub"));

        Assert.IsFalse(Path.Exists(Path.Join(root, "a/x")));
        Assert.IsTrue(System.IO.File.Exists(Path.Join(root, "a/y")));
        Assert.IsFalse(Path.Exists(Path.Join(root, "a/.wh.x")));
        CollectionAssert.AreEquivalent(
            new[] { "-early", "new", "sub" },
            System.IO.Directory.EnumerateFileSystemEntries(Path.Join(root, "b")).Select(Path.GetFileName).ToArray());
        Assert.IsEmpty(System.IO.Directory.EnumerateFileSystemEntries(Path.Join(root, "b/sub")));
        Assert.IsTrue(System.IO.File.Exists(Path.Join(root, "c/keep")));
    }

    [TestMethod]
    public async Task ExtractAsync_EntryReplacesWhatIsThere_WithoutFollowingSymlinks()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var sentinel = work.Combine("sentinel");
        System.IO.Directory.CreateDirectory(sentinel);
        using var tar = new HostileTar()
            .Symlink("victim", Path.Join(sentinel, "file"))
            .File("victim", "replaced")
            .Directory("dir/")
            .File("dir/inner")
            .File("dir", "a file now")
            .Symlink("tmp", sentinel)
            .Directory("tmp/");

        await LayerExtractor.ExtractAsync(tar.ToStream(), root);

        Assert.AreEqual("replaced", System.IO.File.ReadAllText(Path.Join(root, "victim")));
        Assert.AreEqual("a file now", System.IO.File.ReadAllText(Path.Join(root, "dir")));
        Assert.IsTrue(System.IO.Directory.Exists(Path.Join(root, "tmp")));
        Assert.IsNull(new DirectoryInfo(Path.Join(root, "tmp")).LinkTarget);
        Assert.IsEmpty(System.IO.Directory.EnumerateFileSystemEntries(sentinel));
    }

    [TestMethod]
    public async Task ExtractAsync_Symlinks_AreCreatedAtTheEndOfTheLayerWithTheirOwnTimes()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var layer = new RawTar().Directory("usr/").Symlink("usr/lib64", "lib").Directory("usr/lib/").File("usr/lib/x.so", "so")
            .Hardlink("usr/lib64-again", "usr/lib64").Layers().Single();

        await LayerExtractor.ExtractAsync(layer, root);

        var link = Kaniko.Engine.Filesystem.FileStatus.Read(Path.Join(root, "usr/lib64"));
        Assert.IsTrue(link.IsSymbolicLink);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), link.ModificationTime);
        Assert.AreEqual("lib", new FileInfo(Path.Join(root, "usr/lib64-again")).LinkTarget);
        Assert.AreEqual("so", System.IO.File.ReadAllText(Path.Join(root, "usr/lib64/x.so")));
    }

    [TestMethod]
    public async Task ExtractAsync_DirectoryReplacedByALaterFile_EndsAsTheFile()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        using var tar = new HostileTar().Directory("a/").Directory("a/b/").File("a/b/c", "c").File("a", "file");

        await LayerExtractor.ExtractAsync(tar.ToStream(), root);

        Assert.AreEqual("file", System.IO.File.ReadAllText(Path.Join(root, "a")));
    }

    [TestMethod]
    public async Task ExtractAsync_PlainTar_IsDetectedWithoutGzip()
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        using var tar = new HostileTar().Directory("./etc/").File("./etc/hostname", "kaniko");

        await LayerExtractor.ExtractAsync(tar.ToStream(), root);

        Assert.AreEqual("kaniko", System.IO.File.ReadAllText(Path.Join(root, "etc/hostname")));
    }

    [TestMethod]
    [DataRow("/abs/evil", "abs/evil")]
    [DataRow("./abs/evil", "abs/evil")]
    [DataRow("link-to-root/etc/evil", "etc/evil")]
    [DataRow("link-up/evil", "evil")]
    [DataRow("link-to-sentinel/evil", "SENTINEL/evil")]
    [DataRow("link-up-to-sentinel/evil", "sentinel/evil")]
    [DataRow("link-chain/evil", "evil")]
    public async Task ExtractAsync_PathThroughHostileLinks_StaysInsideRoot(string name, string expectedInRoot)
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var sentinel = work.Combine("sentinel");
        System.IO.Directory.CreateDirectory(sentinel);
        using var links = new HostileTar()
            .Symlink("link-to-root", "/")
            .Symlink("link-up", "../../..")
            .Symlink("link-to-sentinel", sentinel)
            .Symlink("link-up-to-sentinel", "../sentinel")
            .Symlink("link-chain", "link-up/../link-to-root/.");
        using var tar = new HostileTar().File(name);

        await LayerExtractor.ExtractAsync(links.ToStream(), root);
        await LayerExtractor.ExtractAsync(tar.ToStream(), root);

        var expected = expectedInRoot.Replace("SENTINEL", sentinel.TrimStart('/'), StringComparison.Ordinal);
        Assert.AreEqual("evil", System.IO.File.ReadAllText(Path.Join(root, expected)));
        Assert.IsEmpty(System.IO.Directory.EnumerateFileSystemEntries(sentinel));
        Assert.IsFalse(System.IO.File.Exists("/etc/evil"));
    }

    [TestMethod]
    [DataRow("hard", "../sentinel/secret", "KANIKO2002")]
    [DataRow("hard", "link-to-sentinel/secret", "KANIKO2002")]
    [DataRow("hard", "missing", "KANIKO2002")]
    [DataRow("file/evil", null, "KANIKO2004")]
    [DataRow("loop/evil", null, "KANIKO2003")]
    public async Task ExtractAsync_UnsafeEntry_IsRejectedNamingTheEntry(string name, string? hardlinkTarget, string code)
    {
        using var work = new TestFolder();
        var root = work.Combine("root");
        var sentinel = work.Combine("sentinel");
        System.IO.Directory.CreateDirectory(sentinel);
        using var lower = new HostileTar()
            .Symlink("link-to-sentinel", sentinel)
            .Symlink("loop", "loop")
            .File("file", "plain");
        await LayerExtractor.ExtractAsync(lower.ToStream(), root);
        using var tar = new HostileTar();
        if (hardlinkTarget is null)
        {
            tar.File(name);
        }
        else
        {
            tar.Hardlink(name, hardlinkTarget);
        }

        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => LayerExtractor.ExtractAsync(tar.ToStream(), root));

        Assert.AreEqual(code, error.Code);
        StringAssert.Contains(error.Message, $"'{name}'");
        Assert.IsEmpty(System.IO.Directory.EnumerateFileSystemEntries(sentinel));
        Assert.IsFalse(System.IO.File.Exists(work.Combine("evil")));
    }

    [TestMethod]
    public async Task ExtractAsync_GnuTarArchive_MatchesWhatGnuTarExtracts()
    {
        using var work = new TestFolder();
        var longName = string.Join('/', Enumerable.Repeat("a-rather-long-directory-name", 8)) + "/" + new string('f', 110);
        work.WriteFile("tree/" + longName, "deep");
        work.WriteFile("tree/etc/hostname", "kaniko");
        var tree = ExternalCommand.Quote(work.Combine("tree"));
        var archive = ExternalCommand.Quote(work.Combine("gnu.tar.gz"));
        var expected = work.Combine("expected");
        System.IO.Directory.CreateDirectory(expected);
        ExternalCommand.Bash(
            $"cd {tree} && chmod 4755 etc/hostname && ln -s ../{longName} etc/deep && ln etc/hostname etc/hardlink && mkdir -m 1777 tmp"
            + $" && tar --format=gnu --numeric-owner -czf {archive} . && tar -xpzf {archive} -C {ExternalCommand.Quote(expected)}");
        var root = work.Combine("root");

        var layer = System.IO.File.OpenRead(work.Combine("gnu.tar.gz"));
        await using (layer)
        {
            await LayerExtractor.ExtractAsync(layer, root);
        }

        Assert.AreEqual(Inventory(expected), Inventory(root));
    }

    private static string Inventory(string directory) =>
        ExternalCommand.Bash($"cd {ExternalCommand.Quote(directory)} && find . -mindepth 1 -printf '%P %y %m %U:%G %n %s %l\\n' | sort");

    private static LayerEntry DirectoryEntry(string path) => new(path, LayerEntryType.Directory, 0x1ED, 0, 0);

    private static LayerEntry FileEntry(string path, string source) =>
        new(path, LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = source };

    private static async Task ExtractAsync(string root, params LayerEntry[] entries)
    {
        using var layer = new MemoryStream();
        await LayerWriter.WriteAsync(entries, layer, new LayerWriteOptions());
        layer.Position = 0;
        await LayerExtractor.ExtractAsync(new NonSeekableStream(layer), root);
    }
}
