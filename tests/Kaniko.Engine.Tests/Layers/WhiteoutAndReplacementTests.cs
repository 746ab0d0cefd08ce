using System.IO.Compression;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// Layers that delete, hide and replace what lower layers made, applied by us and by umoci (a Go
/// implementation of the OCI layer rules); the two trees must agree in every path, type, mode,
/// owner, link target and content.
/// </summary>
[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class WhiteoutAndReplacementTests
{
    [TestMethod]
    [DataRow("file deleted in layer 2")]
    [DataRow("folder deleted in layer 2")]
    [DataRow("folder made opaque and refilled")]
    [DataRow("opaque folder keeps this layer's earlier entries")]
    [DataRow("folder replaced by a symlink")]
    [DataRow("folder replaced by a file")]
    [DataRow("file replaced by a folder")]
    [DataRow("symlink replaced by a folder")]
    [DataRow("hardlink pair with one side deleted later")]
    [DataRow("bin/sh -> busybox overwritten by a file")]
    [DataRow("whiteout and re-creation in the same layer")]
    [DataRow("setuid, sticky and owners survive")]
    [DataRow("file and hard link through symlinks of the same layer")]
    public async Task ExtractAsync_Layers_EndAsUmociUnpacksThem(string name)
    {
        using var work = new TestFolder();
        var layers = new List<(string Path, WrittenLayer Layer)>();
        var index = 0;
        foreach (var tar in Build(name).Layers())
        {
            layers.Add(Gzip(tar.ToArray(), work.Combine($"layer{index++}.tar.gz")));
        }

        var root = work.Combine("root");
        foreach (var (path, _) in layers)
        {
            var layer = File.OpenRead(path);
            await using (layer)
            {
                await LayerExtractor.ExtractAsync(layer, root);
            }
        }

        OciLayoutFixture.Write(work.Combine("layout"), layers);
        ExternalCommand.Bash($"umoci unpack --image {ExternalCommand.Quote(work.Combine("layout"))}:latest {ExternalCommand.Quote(work.Combine("bundle"))}");

        var ours = Inventory(root);
        Assert.AreEqual(Inventory(work.Combine("bundle/rootfs")), ours);
        StringAssert.Contains(ours, Expected(name));
    }

    private static RawTar Build(string name) => name switch
    {
        "file deleted in layer 2" => new RawTar().Directory("etc/").File("etc/a", "a").File("etc/b", "b")
            .NextLayer().File("etc/.wh.a", ""),
        "folder deleted in layer 2" => new RawTar().Directory("d/").Directory("d/sub/").File("d/sub/x")
            .NextLayer().File(".wh.d", ""),
        "folder made opaque and refilled" => new RawTar().Directory("d/").File("d/x").Directory("d/sub/").File("d/sub/y")
            .NextLayer().Directory("d/").File("d/.wh..wh..opq", "").File("d/z", "z").Directory("d/sub/"),
        "opaque folder keeps this layer's earlier entries" => new RawTar().Directory("d/").File("d/x").File("d/a-lower")
            .NextLayer().Directory("d/").File("d/-early", "early").File("d/.wh..wh..opq", "").File("d/new", "new"),
        "folder replaced by a symlink" => new RawTar().Directory("target/").Directory("d/").File("d/x")
            .NextLayer().Symlink("d", "target"),
        "folder replaced by a file" => new RawTar().Directory("d/").Directory("d/e/").File("d/e/x")
            .NextLayer().File("d", "file"),
        "file replaced by a folder" => new RawTar().File("f", "file")
            .NextLayer().Directory("f/").File("f/inner", "inner"),
        "symlink replaced by a folder" => new RawTar().Directory("t/").File("t/keep", "keep").Symlink("s", "t")
            .NextLayer().Directory("s/").File("s/new", "new"),
        "hardlink pair with one side deleted later" => new RawTar().File("a", "shared").Hardlink("b", "a")
            .NextLayer().File(".wh.a", ""),
        "bin/sh -> busybox overwritten by a file" => new RawTar().Directory("bin/").File("bin/busybox", "busybox", 0x1ED)
            .Symlink("bin/sh", "busybox")
            .NextLayer().Directory("bin/").File("bin/sh", "#!dash", 0x1ED),
        "whiteout and re-creation in the same layer" => new RawTar().Directory("d/").File("d/x", "old")
            .NextLayer().File("d/.wh.x", "").File("d/x", "new"),
        "setuid, sticky and owners survive" => new RawTar().Directory("tmp/", 0x3FF).File("su", "su", 0x9ED)
            .Entry('0', "owned", "o"u8.ToArray(), tamper: header =>
            {
                "0002000\0"u8.CopyTo(header.AsSpan(108));
                "0002000\0"u8.CopyTo(header.AsSpan(116));
                RawTar.SetChecksum(header);
            }),
        "file and hard link through symlinks of the same layer" => new RawTar().Directory("etc/").File("etc/passwd", "root")
            .Symlink("localetc", "/etc").File("localetc/unbroken", "unbroken")
            .Directory("breakouts/").Symlink("breakouts/up", "../../etc").Hardlink("breakouts/passwd", "breakouts/up/passwd"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such case."),
    };

    // One line of the inventory each case must show, so agreement with umoci is not agreement on nothing.
    private static string Expected(string name) => name switch
    {
        "file deleted in layer 2" => "etc/b f 644 0:0 1 1 \n",
        "folder deleted in layer 2" => string.Empty,
        "folder made opaque and refilled" => "d/z f 644 0:0 1 1 \n",
        "opaque folder keeps this layer's earlier entries" => "d/-early f 644 0:0 1 5 \n",
        "folder replaced by a symlink" => "d l 777 0:0 1 6 target\n",
        "folder replaced by a file" => "d f 644 0:0 1 4 \n",
        "file replaced by a folder" => "f/inner f 644 0:0 1 5 \n",
        "symlink replaced by a folder" => "s/new f 644 0:0 1 3 \n",
        "hardlink pair with one side deleted later" => "b f 644 0:0 1 6 \n",
        "bin/sh -> busybox overwritten by a file" => "bin/sh f 755 0:0 1 6 \n",
        "whiteout and re-creation in the same layer" => "d/x f 644 0:0 1 3 \n",
        "file and hard link through symlinks of the same layer" => "etc/unbroken f 644 0:0 1 8 \n",
        _ => "su f 4755 0:0 1 2 \n",
    };

    private static (string Path, WrittenLayer Layer) Gzip(byte[] tar, string path)
    {
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(tar);
        }

        var compressed = File.ReadAllBytes(path);
        return (path, new WrittenLayer(
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(compressed)),
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar)),
            compressed.Length));
    }

    private static string Inventory(string directory) =>
        ExternalCommand.Bash(
            $"cd {ExternalCommand.Quote(directory)} && find . -mindepth 1 -printf '%P %y %m %U:%G %n %s %l\\n' | sort"
            + " && find . -type f -print0 | sort -z | xargs -0 -r sha256sum");
}
