using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class CopyRulesTests
{
    [TestMethod]
    public async Task Copy_BracketWildcards_AndAnEmptyWildcardNextToAMatchingOne()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a1.txt", "1");
        folder.WriteFile("context/a2.txt", "2");
        folder.WriteFile("context/a3.txt", "3");
        folder.WriteFile("context/[x].txt", "x");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY a[12].txt [[]x].txt *.nothing /d/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEqual(new[] { "d", "d/[x].txt", "d/a1.txt", "d/a2.txt" }, ScratchBuild.Names(image.Layers.Single()));
    }

    [TestMethod]
    public async Task Copy_OnlyAWildcardMatchingNothing_IsAnError()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY *.nothing /d/\n");

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder));

        StringAssert.Contains(error.Message, "*.nothing");
    }

    [TestMethod]
    public async Task Copy_OutsideTheContext_IsAnError()
    {
        using var folder = new TestFolder();
        folder.WriteFile("secret.txt", "s");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY ../secret.txt /x\n");

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder));

        StringAssert.Contains(error.Message, "outside the build context");
    }

    [TestMethod]
    public async Task Copy_Parents_KeepsTheSourcePaths()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/src/a/one.txt", "1");
        folder.WriteFile("context/src/b/two.txt", "2");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY --parents src/*/*.txt /app/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEqual(
            new[] { "app", "app/src", "app/src/a", "app/src/a/one.txt", "app/src/b", "app/src/b/two.txt" },
            ScratchBuild.Names(image.Layers.Single()));
    }

    [TestMethod]
    public async Task Copy_Exclude_LeavesMatchingFilesOut()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/app/keep.txt", "k");
        folder.WriteFile("context/app/notes.md", "n");
        folder.WriteFile("context/app/sub/more.md", "m");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY --exclude=*.md --exclude=sub/*.md app /app\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEqual(new[] { "app", "app/keep.txt", "app/sub" }, ScratchBuild.Names(image.Layers.Single()));
    }

    [TestMethod]
    public async Task Copy_SymbolicChmod_ChangesEachFilesOwnMode()
    {
        using var folder = new TestFolder();
        File.SetUnixFileMode(folder.WriteFile("context/a.sh", "a"), (UnixFileMode)Convert.ToInt32("664", 8));
        File.SetUnixFileMode(folder.WriteFile("context/b.txt", "b"), (UnixFileMode)Convert.ToInt32("600", 8));
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY --chmod=u+x,g-w a.sh b.txt /d/\n");

        var image = await ScratchBuild.BuildAsync(folder);

        var entries = ScratchBuild.Entries(image.Layers.Single());
        Assert.AreEqual("744", Convert.ToString((int)entries.Single(e => e.Name == "d/a.sh").Mode, 8));
        Assert.AreEqual("700", Convert.ToString((int)entries.Single(e => e.Name == "d/b.txt").Mode, 8));
    }

    [TestMethod]
    public async Task Copy_SetuidAndSetgidBits_SurviveTheOwnerChange()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/tool", "t");
        File.SetUnixFileMode(folder.WriteFile("context/kept", "k"), (UnixFileMode)Convert.ToInt32("6755", 8));
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY --chmod=4755 --chown=0:0 tool /bin/tool\nCOPY --chown=1000:1000 kept /bin/kept\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("4755", Convert.ToString((int)ScratchBuild.Entries(image.Layers[0]).Single(e => e.Name == "bin/tool").Mode, 8));
        Assert.AreEqual("6755", Convert.ToString((int)ScratchBuild.Entries(image.Layers[1]).Single(e => e.Name == "bin/kept").Mode, 8));
    }
}
