using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text.Json;
using Kaniko.Engine.Filesystem;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// Contexts that once hung the build or made it take hours: a pipe (opening it waits for a writer)
/// and a chain of folders deeper than PATH_MAX. Each build has a deadline, so a hang fails the test.
/// </summary>
[TestClass]
public sealed class HostileContextTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [TestMethod]
    public async Task Build_ContextWithPipeAndSocket_CopiesThePipeAsAPipeAndLeavesTheSocketOut()
    {
        using var temp = TemporaryDirectory.Create("hostile-pipe");
        var context = Directory.CreateDirectory(temp.Combine("context", "sub")).Parent!.FullName;
        await ProcessRunner.RunAsync("mkfifo", ["-m", "640", Path.Combine(context, "sub", "pipe")]);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(context, "listening.sock")));
        File.WriteAllText(Path.Combine(context, "a.txt"), "a");
        // The second COPY names the pipe; --cache makes the pipe part of a cache key too.
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY . /app/\nCOPY sub/pipe /named-pipe\n");

        var build = await BuildAsync(context, temp.Combine("out"), "--cache", "--cache-dir", temp.Combine("cache"));

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var layers = ReadLayers(temp.Combine("out"));
        var copied = layers[0].ToDictionary(entry => entry.Name);
        Assert.AreEqual(TarEntryType.Fifo, copied["app/sub/pipe"].EntryType);
        Assert.AreEqual((UnixFileMode)0b110_100_000, copied["app/sub/pipe"].Mode);
        Assert.IsFalse(copied.ContainsKey("app/listening.sock"), "a socket cannot be in a layer; Docker's context archive skips it too");
        Assert.AreEqual(TarEntryType.Fifo, layers[1].Single(entry => entry.Name == "named-pipe").EntryType);
    }

    [TestMethod]
    public async Task Build_ContextDeeperThanPathMax_CopiesEveryFolderAndTheFileWithItsContent()
    {
        const int depth = 4000;
        using var temp = TemporaryDirectory.Create("hostile-deep");
        var context = temp.Combine("context");
        MakeChain(context, depth, "deep");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY . /app/\n");

        try
        {
            var build = await BuildAsync(context, temp.Combine("out"));

            Assert.AreEqual(0, build.ExitCode, build.StandardError);
            var entries = ReadLayers(temp.Combine("out")).Single();
            var deepFile = "app/" + string.Concat(Enumerable.Repeat("d/", depth)) + "f";
            Assert.AreEqual("deep", Content(entries.Single(entry => entry.Name == deepFile)));
            Assert.HasCount(depth + 3, entries, "app, app/Dockerfile, the folders and the file");
            Assert.AreEqual(depth + 1, entries.Count(entry => entry.EntryType == TarEntryType.Directory));
        }
        finally
        {
            // Beyond PATH_MAX the BCL's recursive delete gives up.
            FileSystemEntries.RemoveTree(context);
        }
    }

    [TestMethod]
    public async Task Build_ContextDeeperThanPathMax_WithCache_HitsUnchangedAndMissesAnEditAtTheBottom()
    {
        const int depth = 2500;
        using var temp = TemporaryDirectory.Create("hostile-deep-cache");
        var context = temp.Combine("context");
        var deepest = MakeChain(context, depth, "first");
        LongPath.With(deepest + "/link", path => File.CreateSymbolicLink(path, "f"));
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY . /app/\n");
        string[] cache = ["--cache", "--cache-dir", temp.Combine("cache")];

        try
        {
            var cold = await BuildAsync(context, temp.Combine("cold"), cache);
            var warm = await BuildAsync(context, temp.Combine("warm"), cache);
            LongPath.With(deepest + "/f", path => File.WriteAllText(path, "second"));
            var edited = await BuildAsync(context, temp.Combine("edited"), cache);

            Assert.AreEqual(0, cold.ExitCode, cold.StandardError);
            Assert.AreEqual(0, warm.ExitCode, warm.StandardError);
            Assert.AreEqual(0, edited.ExitCode, edited.StandardError);
            StringAssert.Contains(warm.StandardError + warm.StandardOutput, "CACHED", "the unchanged deep context hits");
            Assert.IsFalse((edited.StandardError + edited.StandardOutput).Contains("CACHED", StringComparison.Ordinal), "a file at the bottom changed, so the COPY runs again");
            var bottom = "app/" + string.Concat(Enumerable.Repeat("d/", depth));
            var layer = ReadLayers(temp.Combine("edited")).Single().ToDictionary(entry => entry.Name);
            Assert.AreEqual("second", Content(layer[bottom + "f"]));
            Assert.AreEqual("f", layer[bottom + "link"].LinkName);
        }
        finally
        {
            FileSystemEntries.RemoveTree(context);
        }
    }

    /// <summary>Folders d/d/.../d under <paramref name="context"/>, <paramref name="depth"/> deep, with the file f holding <paramref name="content"/> at the bottom.</summary>
    private static string MakeChain(string context, int depth, string content)
    {
        var deepest = context;
        for (var level = 0; level < depth; level++)
        {
            deepest += "/d";
            LongPath.With(deepest, path => Directory.CreateDirectory(path));
        }

        LongPath.With(deepest + "/f", path => File.WriteAllText(path, content));
        return deepest;
    }

    private static string Content(TarEntry entry)
    {
        using var reader = new StreamReader(entry.DataStream!);
        return reader.ReadToEnd();
    }

    private static Task<ProcessResult> BuildAsync(string context, string layout, params string[] flags) =>
        ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "--context", context, "--no-push", "--oci-layout-path", layout, .. flags],
            checkExitCode: false,
            timeout: Deadline);

    /// <summary>Each layer's tar entries, bottom to top, from the layout's only image.</summary>
    private static List<List<TarEntry>> ReadLayers(string layout)
    {
        string Blob(string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Blob(manifestDigest)));
        var layers = new List<List<TarEntry>>();
        foreach (var layer in manifest.RootElement.GetProperty("layers").EnumerateArray())
        {
            using var blob = File.OpenRead(Blob(layer.GetProperty("digest").GetString()!));
            using var gzip = new GZipStream(blob, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var entries = new List<TarEntry>();
            while (tar.GetNextEntry(copyData: true) is { } entry)
            {
                entries.Add(entry);
            }

            layers.Add(entries);
        }

        return layers;
    }
}
