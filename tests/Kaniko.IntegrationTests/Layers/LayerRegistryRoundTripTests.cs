using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Kaniko.Engine.Layers;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Layers;

/// <summary>
/// Layers we write (with whiteouts, an opaque folder and replacements) go into an OCI layout through
/// umoci, through a real registry with skopeo, and back; umoci unpacks what came back and we
/// extract the same blobs. The trees must agree in every path, type, mode, owner, link and content.
/// </summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class LayerRegistryRoundTripTests
{
    [TestMethod]
    public async Task WrittenLayers_PushedAndPulled_UnpackAsUmociUnpacksThem()
    {
        using var work = TemporaryDirectory.Create("layer-roundtrip");
        var busybox = Write(work, "src/busybox", "busybox");
        var shell = Write(work, "src/sh", "#!dash");
        var text = Write(work, "src/text", "text");
        // umoci raw add-layer takes an uncompressed tar and compresses it itself.
        var options = new LayerWriteOptions { Compression = LayerCompression.None };
        LayerEntry[] lower =
        [
            Directory("bin"), File("bin/busybox", busybox, 0x1ED), new("bin/sh", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "busybox" },
            Directory("etc"), File("etc/a", text), File("etc/b", text),
            Directory("opaque"), File("opaque/old", text), Directory("opaque/sub"), File("opaque/sub/deep", text),
            Directory("dir-to-link"), File("dir-to-link/x", text), Directory("dir-to-file"), File("dir-to-file/x", text),
            new("link-to-dir", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "etc" },
            File("pair-a", text), new("pair-b", LayerEntryType.Hardlink, 0x1A4, 0, 0) { LinkTarget = "pair-a" },
            new("tmp", LayerEntryType.Directory, Convert.ToInt32("1777", 8), 0, 0),
        ];
        LayerEntry[] upper =
        [
            Directory("bin"), File("bin/sh", shell, 0x1ED),
            Directory("etc"), LayerEntry.Whiteout("etc/a"),
            Directory("opaque"), LayerEntry.OpaqueDirectory("opaque"), File("opaque/new", text),
            new("dir-to-link", LayerEntryType.Symlink, 0x1FF, 0, 0) { LinkTarget = "etc" },
            File("dir-to-file", text),
            Directory("link-to-dir"), File("link-to-dir/inside", text),
            LayerEntry.Whiteout("pair-a"),
        ];

        var layout = work.Combine("layout");
        await RunAsync("umoci", "init", "--layout", layout);
        await RunAsync("umoci", "new", "--image", layout + ":built");
        var index = 0;
        foreach (var entries in new[] { lower, upper })
        {
            var tar = work.Combine($"layer{index++}.tar");
            var output = System.IO.File.Create(tar);
            await using (output)
            {
                await LayerWriter.WriteAsync(entries, output, options);
            }

            await RunAsync("umoci", "raw", "add-layer", "--image", layout + ":built", tar);
        }

        await using var registry = await RegistryServer.StartAsync();
        await Skopeo.CopyFromOciLayoutAsync(layout, "built", registry, "layers/roundtrip:1", "oci");
        var pulled = work.Combine("pulled");
        await Skopeo.CopyToOciLayoutAsync(registry, "layers/roundtrip:1", pulled, "pulled");
        await RunAsync("umoci", "unpack", "--image", pulled + ":pulled", work.Combine("bundle"));

        var root = work.Combine("root");
        foreach (var blob in LayerBlobs(pulled))
        {
            var layer = System.IO.File.OpenRead(blob);
            await using (layer)
            {
                await LayerExtractor.ExtractAsync(layer, root);
            }
        }

        var ours = await InventoryAsync(root);
        Assert.AreEqual(await InventoryAsync(work.Combine("bundle/rootfs")), ours);
        StringAssert.Contains(ours, "bin/sh f 755 0:0 1 6 \n");
        StringAssert.Contains(ours, "bin/busybox f 755 0:0 1 7 \n");
        StringAssert.Contains(ours, "dir-to-link l 777 0:0 1 3 etc\n");
        StringAssert.Contains(ours, "pair-b f 644 0:0 1 4 \n");
        Assert.DoesNotContain("etc/a ", ours);
        Assert.DoesNotContain("opaque/old", ours);
        Assert.DoesNotContain(".wh.", ours);
    }

    private static IEnumerable<string> LayerBlobs(string layout)
    {
        string Blob(string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        using var index = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(System.IO.File.ReadAllText(Blob(manifestDigest)));
        return manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Select(layer => Blob(layer.GetProperty("digest").GetString()!))
            .ToList();
    }

    private static LayerEntry Directory(string path) => new(path, LayerEntryType.Directory, 0x1ED, 0, 0);

    private static LayerEntry File(string path, string source, int mode = 0x1A4) =>
        new(path, LayerEntryType.File, mode, 0, 0) { SourcePath = source };

    private static string Write(TemporaryDirectory work, string relative, string content)
    {
        var path = work.Combine(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static Task<ProcessResult> RunAsync(string program, params string[] arguments) =>
        ProcessRunner.RunAsync(program, arguments, timeout: TimeSpan.FromMinutes(2));

    private static async Task<string> InventoryAsync(string directory)
    {
        var result = await ProcessRunner.RunAsync(
            "bash",
            ["-c", "find . -mindepth 1 -printf '%P %y %m %U:%G %n %s %l\\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum"],
            workingDirectory: directory);
        Debug.Assert(result.ExitCode == 0);
        return result.StandardOutput;
    }
}
