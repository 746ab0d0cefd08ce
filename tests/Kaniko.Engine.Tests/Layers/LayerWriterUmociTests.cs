using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class LayerWriterUmociTests
{
    [TestMethod]
    public async Task WriteAsync_LayerUnpackedByUmoci_HasExactlyTheListedTree()
    {
        using var work = new TestFolder();
        var content = work.WriteFile("content", "hello");
        var longDirectory = string.Join('/', Enumerable.Repeat("long-directory-name", 9));
        var entries = new List<LayerEntry>
        {
            new("app", LayerEntryType.Directory, 0x1ED, 0, 0),
            new("app/hello", LayerEntryType.File, Convert.ToInt32("4755", 8), 1654, 1654) { SourcePath = content },
            new("app/hello-link", LayerEntryType.Hardlink, Convert.ToInt32("4755", 8), 1654, 1654) { LinkTarget = "app/hello" },
            new("app/current", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "hello" },
            new("tmp", LayerEntryType.Directory, Convert.ToInt32("1777", 8), 0, 0),
        };
        var path = "";
        foreach (var component in longDirectory.Split('/'))
        {
            path = path.Length == 0 ? component : path + "/" + component;
            entries.Add(new LayerEntry(path, LayerEntryType.Directory, 0x1ED, 0, 0));
        }

        entries.Add(new LayerEntry(longDirectory + "/" + new string('f', 120), LayerEntryType.File, 0x1A4, 0, 0) { SourcePath = content });
        var layerPath = work.Combine("layer.tar.gz");
        WrittenLayer layer;
        var output = File.Create(layerPath);
        await using (output)
        {
            layer = await LayerWriter.WriteAsync(entries, output, new LayerWriteOptions());
        }

        OciLayoutFixture.Write(work.Combine("layout"), layerPath, layer);
        var rootfs = work.Combine("bundle/rootfs");
        ExternalCommand.Bash($"umoci unpack --image {ExternalCommand.Quote(work.Combine("layout"))}:latest {ExternalCommand.Quote(work.Combine("bundle"))}");

        var inventory = ExternalCommand.Bash(
            $"cd {ExternalCommand.Quote(rootfs)} && find . -mindepth 1 -printf '%P %y %m %U:%G %n %l\\n' | sort")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = new List<string>
        {
            "app d 755 0:0 2 ",
            "app/current l 777 0:0 1 hello",
            "app/hello f 4755 1654:1654 2 ",
            "app/hello-link f 4755 1654:1654 2 ",
            "tmp d 1777 0:0 2 ",
        };
        path = "";
        foreach (var component in longDirectory.Split('/'))
        {
            path = path.Length == 0 ? component : path + "/" + component;
            expected.Add($"{path} d 755 0:0 {(path == longDirectory ? 2 : 3)} ");
        }

        expected.Add($"{longDirectory}/{new string('f', 120)} f 644 0:0 1 ");
        expected.Sort(StringComparer.Ordinal);
        CollectionAssert.AreEqual(expected, inventory);
        Assert.AreEqual("hello", File.ReadAllText(Path.Join(rootfs, longDirectory, new string('f', 120))));
    }
}
