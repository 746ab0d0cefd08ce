using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary><c>--single-snapshot</c> folds a stage's COPY, WORKDIR and RUN changes into one layer with the same content.</summary>
[TestClass]
public sealed class SingleSnapshotTests
{
    [TestMethod]
    [DataRow("overlay")]
    [DataRow("walk")]
    public async Task SingleSnapshot_MakesOneLayer_WithTheMultiLayerBuildsContent(string snapshotter)
    {
        await using var layered = await RunBuild.StartAsync("run-single-snapshot", "--snapshotter", snapshotter);
        await using var single = await RunBuild.StartAsync("run-single-snapshot", "--snapshotter", snapshotter, "--single-snapshot");
        Assert.AreEqual(0, layered.Result.ExitCode, layered.Result.StandardError);
        Assert.AreEqual(0, single.Result.ExitCode, single.Result.StandardError);

        var (layeredRoot, layeredLayout) = await layered.UnpackAsync();
        var (singleRoot, singleLayout) = await single.UnpackAsync();
        var expected = SnapshotterEquivalenceTests.Tree(layeredRoot);
        var actual = SnapshotterEquivalenceTests.Tree(singleRoot);
        CollectionAssert.AreEqual(expected, actual, "only layered: " + string.Join(", ", expected.Except(actual)) + "; only single: " + string.Join(", ", actual.Except(expected)));
        Assert.IsFalse(File.Exists(Path.Combine(singleRoot, "etc/group")), "a base file deleted by RUN is whited out");

        var layeredNew = NonEmpty(await StageHistoryAsync(layered));
        Assert.IsTrue(layeredNew > 1, "the layered build has a layer per instruction that wrote files");
        var baseLayers = LayerCount(layeredLayout) - layeredNew;
        Assert.AreEqual(baseLayers + 1, LayerCount(singleLayout), "one new layer");

        var stageHistory = await StageHistoryAsync(single);
        Assert.AreEqual(1, NonEmpty(stageHistory), "one history entry of the stage carries a layer");
        Assert.IsTrue(stageHistory[..^1].All(h => h.TryGetProperty("empty_layer", out var empty) && empty.GetBoolean()), "every instruction but the last is empty_layer");
        StringAssert.StartsWith(stageHistory[^1].GetProperty("created_by").GetString(), "CMD", "the last instruction's entry carries the stage's layer");
    }

    /// <summary>The history entries of the Dockerfile's five instructions after FROM.</summary>
    private static async Task<List<JsonElement>> StageHistoryAsync(RunBuild build)
    {
        using var config = await Skopeo.InspectAsync(build.Registry, build.Reference, config: true);
        return config.RootElement.GetProperty("history").EnumerateArray().Select(h => h.Clone()).ToList()[^5..];
    }

    private static int NonEmpty(List<JsonElement> history) =>
        history.Count(h => !h.TryGetProperty("empty_layer", out var empty) || !empty.GetBoolean());

    private static int LayerCount(string layout)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json")));
        var digest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..])));
        return manifest.RootElement.GetProperty("layers").GetArrayLength();
    }
}
