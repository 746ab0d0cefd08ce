using System.Text.Json;
using Kaniko.Engine;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Stopping;

/// <summary>
/// A build stopped while it writes its OCI layout or docker archive (held there by a test-only
/// pause) leaves the previous output or none, never a half one; the next build writes it whole.
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

        await StopWhileWritingAsync(temp, "ENV VERSION=2", signal, "--oci-layout-path", layout);

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

        await StopWhileWritingAsync(temp, "ENV VERSION=2", signal, "--tar-path", tar);

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

    private static async Task StopWhileWritingAsync(TemporaryDirectory temp, string instruction, string signal, params string[] output)
    {
        var tmp = Directory.CreateDirectory(temp.Combine("tmp-" + signal)).FullName;
        var paused = temp.Combine("paused");
        var environment = StopSignalTests.Environment(tmp);
        environment[TestPause.OutputWrite] = paused;
        using var build = KanikoProcess.Start(environment, ["build", "--context", await StopSignalTests.ContextAsync(temp, "stopped", instruction), "--no-push", .. output]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(paused) && clock.Elapsed < TimeSpan.FromMinutes(2) && !await build.WaitForExitAsync(TimeSpan.FromMilliseconds(100)))
        {
        }

        Assert.IsTrue(File.Exists(paused), "the build reached its output: " + build.Output);
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
