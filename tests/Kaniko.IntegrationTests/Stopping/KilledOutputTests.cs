using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Stopping;

/// <summary>
/// A build stopped while it writes its OCI layout or docker archive leaves the previous output or
/// none, never a half one; the next build writes it whole. The build is held mid-write by a real
/// hang: its base comes through a proxy that never answers the GET of the base's top layer, which
/// a stage that runs nothing first fetches when the output is written.
/// </summary>
[TestClass]
public sealed class KilledOutputTests
{
    [TestMethod]
    [DataRow(false, "KILL")]
    [DataRow(true, "KILL")]
    [DataRow(false, "TERM")]
    [DataRow(true, "TERM")]
    public async Task Layout_BuildStoppedWhileWritingIt_LeavesThePreviousLayoutOrNone(bool previous, string signal)
    {
        using var temp = TemporaryDirectory.Create("killed-layout");
        var outputs = Directory.CreateDirectory(temp.Combine("outputs")).FullName;
        var layout = Path.Combine(outputs, "layout");
        string? previousIndex = null;
        if (previous)
        {
            await BuildAsync(temp, "ENV VERSION=1", "--oci-layout-path", layout);
            previousIndex = await File.ReadAllTextAsync(Path.Combine(layout, "index.json"));
        }

        await StopWhileWritingAsync(temp, "ENV VERSION=2", signal, ["--oci-layout-path", layout], bottomLayer =>
        {
            var written = previous
                ? Path.Combine(layout, "blobs", "sha256", bottomLayer)
                : Path.Combine(Staged(outputs, "layout"), "blobs", "sha256", bottomLayer);
            Assert.IsTrue(File.Exists(written), "the base's bottom layer was written before the build hung on its top one");
            if (previous)
            {
                Assert.AreEqual(previousIndex, File.ReadAllText(Path.Combine(layout, "index.json")), "index.json comes last");
            }
        });

        if (previous)
        {
            Assert.AreEqual(previousIndex, await File.ReadAllTextAsync(Path.Combine(layout, "index.json")), "the previous layout stays until the new one is whole");
            AssertLayoutWhole(layout);
        }
        else
        {
            Assert.IsFalse(Directory.Exists(layout), "no half layout");
        }

        if (signal == "TERM")
        {
            CollectionAssert.AreEquivalent(previous ? new[] { "layout" } : Array.Empty<string>(), Entries(outputs), "a stopped build removes what it staged");
        }

        await BuildAsync(temp, "ENV VERSION=3", "--oci-layout-path", layout);
        AssertLayoutWhole(layout);
        CollectionAssert.AreEquivalent(new[] { "layout" }, Entries(outputs), "the next build removed what the killed one staged");
    }

    [TestMethod]
    [DataRow(false, "KILL")]
    [DataRow(true, "TERM")]
    public async Task Tar_BuildStoppedWhileWritingIt_LeavesThePreviousArchiveOrNone(bool previous, string signal)
    {
        using var temp = TemporaryDirectory.Create("killed-tar");
        var outputs = Directory.CreateDirectory(temp.Combine("outputs")).FullName;
        var tar = Path.Combine(outputs, "image.tar");
        byte[]? previousBytes = null;
        if (previous)
        {
            await BuildAsync(temp, "ENV VERSION=1", "--tar-path", tar);
            previousBytes = await File.ReadAllBytesAsync(tar);
        }

        await StopWhileWritingAsync(temp, "ENV VERSION=2", signal, ["--tar-path", tar], _ =>
            Assert.IsNotEmpty(Directory.GetFiles(Staged(outputs, "image.tar"), "tmp-*"), "the archive was being written in its staging folder"));

        if (previous)
        {
            CollectionAssert.AreEqual(previousBytes, await File.ReadAllBytesAsync(tar), "the previous archive stays until the new one is whole");
        }
        else
        {
            Assert.IsFalse(File.Exists(tar), "no half archive");
        }

        if (signal == "TERM")
        {
            CollectionAssert.AreEquivalent(previous ? new[] { "image.tar" } : Array.Empty<string>(), Entries(outputs), "a stopped build removes what it staged");
        }

        await BuildAsync(temp, "ENV VERSION=3", "--tar-path", tar);
        CollectionAssert.AreEquivalent(new[] { "image.tar" }, Entries(outputs), "the next build removed what the killed one staged");
    }

    /// <summary>
    /// Builds <c>FROM</c> a two-layer base behind a proxy that never answers the GET of its top layer,
    /// so the build hangs while writing <paramref name="output"/>; checks it is there with
    /// <paramref name="assertHungMidWrite"/> (given the bottom layer's hex) and stops it with <paramref name="signal"/>.
    /// </summary>
    private static async Task StopWhileWritingAsync(
        TemporaryDirectory temp, string instruction, string signal, string[] output, Action<string> assertHungMidWrite)
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true));
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        var (bottom, top) = await PushTwoLayerBaseAsync(temp, registry.Host + "/base:1");
        proxy.Plan = new FaultPlan(StallBlob: "sha256:" + top);
        var context = Directory.CreateDirectory(temp.Combine("stopped")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM {proxy.Host}/base:1\n{instruction}\n");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp-" + signal)).FullName;

        using var build = KanikoProcess.Start(StopSignalTests.Environment(tmp), ["build", "--context", context, "--no-push", .. output]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!proxy.Requests.Any(r => r.Fault == "stall") && clock.Elapsed < TimeSpan.FromMinutes(2) && !await build.WaitForExitAsync(TimeSpan.FromMilliseconds(100)))
        {
        }

        Assert.IsTrue(proxy.Requests.Any(r => r.Fault == "stall"), "the build asked for the base's top layer: " + build.Output);
        Assert.IsFalse(build.HasExited, build.Output);
        assertHungMidWrite(bottom);
        if (signal == "KILL")
        {
            await build.KillAsync();
            return;
        }

        await build.SignalAsync(signal);
        Assert.IsTrue(await build.WaitForExitAsync(TimeSpan.FromSeconds(5)), build.Output);
        Assert.AreEqual(143, build.ExitCode, build.Output);
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(tmp).ToList(), "nothing is left in the temp folder");
    }

    /// <summary>Pushes <c>FROM scratch</c> with two COPY layers of fresh content; their digests' hex, bottom first.</summary>
    private static async Task<(string Bottom, string Top)> PushTwoLayerBaseAsync(TemporaryDirectory temp, string destination)
    {
        var context = Directory.CreateDirectory(temp.Combine("base")).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY bottom /bottom\nCOPY top /top\n");
        await File.WriteAllTextAsync(Path.Combine(context, "bottom"), Guid.NewGuid().ToString());
        await File.WriteAllTextAsync(Path.Combine(context, "top"), Guid.NewGuid().ToString());
        var layout = temp.Combine("base-layout");
        var result = await KanikoTool.RunAsync(["build", "--context", context, "--destination", destination, "--oci-layout-path", layout]);
        Assert.AreEqual(0, result.ExitCode, result.StandardError);

        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "index.json")));
        var manifestDigest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(layout, "blobs", "sha256", manifestDigest["sha256:".Length..])));
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select(layer => layer.GetProperty("digest").GetString()!["sha256:".Length..]).ToList();
        Assert.HasCount(2, layers);
        return (layers[0], layers[1]);
    }

    /// <summary>The one staging folder (<c>.NAME.kaniko-*</c>) a write of <paramref name="name"/> made in <paramref name="folder"/>.</summary>
    private static string Staged(string folder, string name) => Directory.GetDirectories(folder, "." + name + ".kaniko-*").Single();

    private static async Task BuildAsync(TemporaryDirectory temp, string instruction, params string[] output)
    {
        var context = await StopSignalTests.ContextAsync(temp, "built-" + Guid.NewGuid().ToString("N"), instruction);
        var result = await KanikoTool.RunAsync(["build", "--context", context, "--no-push", .. output]);
        Assert.AreEqual(0, result.ExitCode, result.StandardError);
    }

    /// <summary>index.json parses and every manifest it names is in the layout.</summary>
    private static void AssertLayoutWhole(string layout)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        foreach (var manifest in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var digest = manifest.GetProperty("digest").GetString()!;
            Assert.IsTrue(File.Exists(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])), digest);
        }
    }

    private static string[] Entries(string folder) => [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()];
}
