using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Tests.Filesystem;

[TestClass]
public sealed class LongPathTests
{
    private const int Depth = 3000;

    [TestMethod]
    public void FileStatusAndLinks_DeeperThanPathMax_AreReadThroughAFolderOnTheWay()
    {
        using var folder = new TestFolder();
        var deepest = MakeChain(folder.Path, Depth);
        var file = deepest + "/f";
        LongPath.With(file, path => File.WriteAllText(path, "deep"));
        LongPath.With(deepest + "/link", path => File.CreateSymbolicLink(path, "f"));

        Assert.IsGreaterThan(4096, file.Length);
        Assert.AreEqual(4, FileStatus.Read(file).Size);
        Assert.AreEqual("f", RootDirectory.LinkTarget(deepest + "/link"));
        CollectionAssert.AreEquivalent(new[] { file, deepest + "/link" }, LongPath.Entries(deepest));
        Assert.AreEqual("deep", LongPath.With(file, File.ReadAllText));
        FileSystemEntries.RemoveTree(folder.Combine("d"));
        Assert.IsFalse(Directory.Exists(folder.Combine("d")));
    }

    [TestMethod]
    public void ShortPath_IsHandedOverUntouched()
    {
        Assert.AreEqual("/etc/hostname", LongPath.With("/etc/hostname", path => path));
    }

    /// <summary>Folders d/d/.../d under <paramref name="top"/>, made one step at a time as a shell's mkdir and cd would.</summary>
    internal static string MakeChain(string top, int depth)
    {
        var path = top;
        for (var level = 0; level < depth; level++)
        {
            path += "/d";
            LongPath.With(path, reachable => Directory.CreateDirectory(reachable));
        }

        return path;
    }
}
