using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class LayerSourceFolderTests
{
    private static readonly FileStreamOptions Read = new() { Mode = FileMode.Open, Access = FileAccess.Read };

    [TestMethod]
    public void FilesAtEveryLevel_InLayerOrder_DeeperThanPathMax_EachReadsItsOwnContent()
    {
        const int depth = 2500;
        using var folder = new TestFolder();
        var files = new List<string>();
        var path = folder.Path;
        for (var level = 1; level <= depth; level++)
        {
            path += "/d";
            LongPath.With(path, reachable => Directory.CreateDirectory(reachable));
            var file = path + "/f";
            var text = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            LongPath.With(file, reachable => File.WriteAllText(reachable, text));
            files.Add(file);
        }

        // The layer's order: down the chain to the deepest file, then back up one folder per file.
        files.Sort(StringComparer.Ordinal);
        using var sources = new LayerSourceFolder();
        foreach (var file in files)
        {
            var level = (file.Length - folder.Path.Length - 2) / 2;
            Assert.AreEqual(level.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, sources.Status(file)!.Value.Size);
            using var reader = new StreamReader(sources.OpenRead(file, Read));
            Assert.AreEqual(level.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd());
        }

        FileSystemEntries.RemoveTree(folder.Combine("d"));
    }

    [TestMethod]
    public void LinkOnTheWay_AndMissingFile_BehaveAsOpeningByPath()
    {
        using var folder = new TestFolder();
        Directory.CreateDirectory(folder.Combine("top", "real"));
        Directory.CreateDirectory(folder.Combine("elsewhere"));
        File.WriteAllText(folder.Combine("top", "a"), "a");
        File.WriteAllText(folder.Combine("elsewhere", "f"), "through the link");
        File.CreateSymbolicLink(folder.Combine("top", "link"), "../elsewhere");
        File.WriteAllText(folder.Combine("top", "real", "f"), "real");
        using var sources = new LayerSourceFolder();

        Assert.AreEqual("a", ReadAll(sources, folder.Combine("top", "a")));
        Assert.AreEqual("through the link", ReadAll(sources, folder.Combine("top", "link", "f")));
        Assert.AreEqual("real", ReadAll(sources, folder.Combine("top", "real", "f")));
        Assert.IsNull(sources.Status(folder.Combine("top", "real", "gone")));
        Assert.ThrowsExactly<FileNotFoundException>(() => sources.OpenRead(folder.Combine("top", "real", "gone"), Read));
    }

    private static string ReadAll(LayerSourceFolder sources, string path)
    {
        using var reader = new StreamReader(sources.OpenRead(path, Read));
        return reader.ReadToEnd();
    }
}
