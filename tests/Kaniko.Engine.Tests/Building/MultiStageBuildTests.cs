using Kaniko.Engine.Dockerfiles;
using Kaniko.TestInfrastructure;

namespace Kaniko.Engine.Tests.Building;

[TestClass]
public sealed class MultiStageBuildTests
{
    [TestMethod]
    public async Task Build_CopyFromStageByNameAndIndex_ReadsThatStagesFiles()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "from a");
        folder.WriteFile("context/b.txt", "from b");
        folder.WriteFile("context/Dockerfile",
            "FROM scratch AS first\nCOPY a.txt /out/a.txt\nFROM scratch\nCOPY b.txt /b.txt\nFROM scratch\nCOPY --from=first /out/a.txt /x/\nCOPY --from=1 /b.txt /x/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual(2, image.Layers.Count);
        Assert.AreEqual("from a", ScratchBuild.Content(image.Layers[0], "x/a.txt"));
        Assert.AreEqual("from b", ScratchBuild.Content(image.Layers[1], "x/b.txt"));
        Assert.AreEqual("COPY --from=first /out/a.txt /x/ # buildkit", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task Build_FromAnEarlierStage_StartsFromItsLayersConfigAndHistory()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/b.txt", "b");
        folder.WriteFile("context/Dockerfile", "FROM scratch AS base\nCOPY a.txt /\nENV FROM_BASE=yes\nFROM base\nCOPY b.txt /\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual(2, image.Layers.Count);
        CollectionAssert.AreEqual(new[] { "a.txt" }, ScratchBuild.Names(image.Layers[0]));
        CollectionAssert.AreEqual(new[] { "b.txt" }, ScratchBuild.Names(image.Layers[1]));
        CollectionAssert.Contains(image.Config.Config.Env, "FROM_BASE=yes");
        Assert.AreEqual(3, image.Config.History.Count);
    }

    [TestMethod]
    public async Task Build_UnusedStage_IsNotBuilt_AndTheLogSaysSo()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch AS unused\nCOPY missing-file /\nFROM scratch AS final\nCOPY a.txt /\n");
        var log = new CapturingLogger();

        var image = await ScratchBuild.BuildAsync(folder, logger: log);

        Assert.AreEqual(1, image.Layers.Count);
        StringAssert.Contains(log.Text, "Skipping stage unused");
        Assert.IsFalse(log.Text.Contains("[unused", StringComparison.Ordinal), log.Text);
        StringAssert.Contains(log.Text, "[final 2/2] COPY a.txt /");
    }

    [TestMethod]
    public async Task Build_Target_BuildsThatStageAndWhatItNeedsOnly()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch AS dev\nCOPY a.txt /dev.txt\nFROM scratch AS prod\nCOPY missing-file /\n");

        var image = await ScratchBuild.BuildAsync(folder, request => request with { Target = "dev" });

        CollectionAssert.AreEqual(new[] { "dev.txt" }, ScratchBuild.Names(image.Layers.Single()));
    }

    [TestMethod]
    public async Task Build_Arguments_GlobalForFrom_BuildArgOverDefault_EnvOverArg()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile",
            "ARG BASE=scratch\nARG VERSION=1\nFROM $BASE\nARG VERSION\nARG GIVEN=default\nARG SHADOWED=arg\nENV SHADOWED=env\nLABEL version=$VERSION given=$GIVEN shadowed=$SHADOWED\n");

        var image = await ScratchBuild.BuildAsync(folder, request => request with
        {
            BuildArguments = new Dictionary<string, string?> { ["GIVEN"] = "from-cli", ["SHADOWED"] = "cli" },
        });

        var labels = image.Config.Config.Labels!;
        Assert.AreEqual("1", labels["version"], "a stage's bare ARG takes the global value");
        Assert.AreEqual("from-cli", labels["given"]);
        Assert.AreEqual("env", labels["shadowed"], "ENV wins over ARG");
        Assert.IsFalse(image.Config.Config.Env!.Any(e => e.StartsWith("VERSION=", StringComparison.Ordinal)), "ARGs are not in the image's environment");
        Assert.AreEqual("ARG VERSION=1", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task Build_CopyFromUnknownStage_IsAClearErrorAtItsLine()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY --from=nosuchstage /a /b\n");

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder, request => request with
        {
            Registries = request.Registries with { PullRetries = 0 },
        }));

        Assert.AreEqual(2, error.Location.Line);
        StringAssert.Contains(error.Message, "--from=nosuchstage");
        StringAssert.Contains(error.Message, "neither a stage");
    }

    [TestMethod]
    public async Task Build_CopyFromStage_KeepsOwnersUnlessChownIsGiven()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile",
            "FROM scratch AS owned\nCOPY --chown=1234:5678 a.txt /a.txt\nFROM scratch\nCOPY --from=owned /a.txt /kept.txt\nCOPY --from=owned --chown=7:8 /a.txt /changed.txt\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var kept = ScratchBuild.Entries(image.Layers[0]).Single(e => e.Name == "kept.txt");
        var changed = ScratchBuild.Entries(image.Layers[1]).Single(e => e.Name == "changed.txt");
        Assert.AreEqual((1234, 5678), (kept.Uid, kept.Gid));
        Assert.AreEqual((7, 8), (changed.Uid, changed.Gid));
    }

    [TestMethod]
    public async Task Build_IndependentStages_AFailureInOneIsTheErrorReported()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile",
            "FROM scratch AS ok\nCOPY a.txt /\nFROM scratch AS broken\nCOPY missing.txt /\nFROM scratch\nCOPY --from=ok /a.txt /\nCOPY --from=broken /missing.txt /\n");

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder));

        Assert.AreEqual(4, error.Location.Line);
        StringAssert.Contains(error.Message, "missing.txt");
        Assert.IsFalse(Directory.Exists(folder.Combine("out")));
    }

    [TestMethod]
    public async Task Build_IndependentStages_BothFeedTheTarget()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/b.txt", "b");
        folder.WriteFile("context/Dockerfile",
            "FROM scratch AS one\nCOPY a.txt /\nFROM scratch AS two\nCOPY b.txt /\nFROM one\nCOPY --from=two /b.txt /\n");
        var log = new CapturingLogger();

        var image = await ScratchBuild.BuildAsync(folder, logger: log);

        CollectionAssert.AreEqual(new[] { "a.txt" }, ScratchBuild.Names(image.Layers[0]));
        CollectionAssert.AreEqual(new[] { "b.txt" }, ScratchBuild.Names(image.Layers[1]));
        StringAssert.Contains(log.Text, "[one 2/2] COPY a.txt /");
        StringAssert.Contains(log.Text, "[two 2/2] COPY b.txt /");
    }
}
