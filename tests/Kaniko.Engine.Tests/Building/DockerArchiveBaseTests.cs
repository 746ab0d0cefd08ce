namespace Kaniko.Engine.Tests.Building;

[TestClass]
public sealed class DockerArchiveBaseTests
{
    [TestMethod]
    public async Task From_DockerArchiveWeWrote_StartsFromItsLayersAndConfig()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/b.txt", "b");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY a.txt /\nENV FROM_ARCHIVE=1\n");
        var archive = folder.Combine("base.tar");
        await ScratchBuild.BuildAsync(folder, request => request with { TarPath = archive, Destinations = ["example.test/base:latest"] }, output: "base");

        folder.WriteFile("context/Dockerfile", $"FROM docker-archive:{archive}:example.test/base:latest\nCOPY b.txt /\n");
        var image = await ScratchBuild.BuildAsync(folder, output: "child");

        Assert.AreEqual(2, image.Layers.Count);
        CollectionAssert.AreEqual(new[] { "a.txt" }, ScratchBuild.Names(image.Layers[0]));
        CollectionAssert.AreEqual(new[] { "b.txt" }, ScratchBuild.Names(image.Layers[1]));
        CollectionAssert.Contains(image.Config.Config.Env, "FROM_ARCHIVE=1");
        Assert.AreEqual(image.Config.RootFs.DiffIds[0], image.Layers[0].DiffId);
    }

    [TestMethod]
    public async Task From_DockerArchiveWithoutThatTag_IsAClearError()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nENV A=1\n");
        var archive = folder.Combine("base.tar");
        await ScratchBuild.BuildAsync(folder, request => request with { TarPath = archive, Destinations = ["example.test/base:latest"] }, output: "base");

        folder.WriteFile("context/Dockerfile", $"FROM docker-archive:{archive}:example.test/other:2\n");
        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => ScratchBuild.BuildAsync(folder, output: "child"));

        StringAssert.Contains(error.Message, "has no image tagged 'example.test/other:2'");
    }
}
