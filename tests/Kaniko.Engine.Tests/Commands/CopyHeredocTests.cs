using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class CopyHeredocTests
{
    [TestMethod]
    public async Task Copy_Heredoc_WritesItsTextExpandedUnlessQuoted()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile",
            "FROM scratch\nARG WHO=world\nCOPY <<EOF /greeting\nhello \"$WHO\"\nEOF\nCOPY <<'RAW' <<OTHER /docs/\nkeep $WHO\nRAW\nother $WHO\nOTHER\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("hello \"world\"\n", ScratchBuild.Content(image.Layers[0], "greeting"));
        var greeting = ScratchBuild.Entries(image.Layers[0]).Single(e => e.Name == "greeting");
        Assert.AreEqual("644", Convert.ToString((int)greeting.Mode, 8));
        Assert.AreEqual("keep $WHO\n", ScratchBuild.Content(image.Layers[1], "docs/RAW"));
        Assert.AreEqual("other world\n", ScratchBuild.Content(image.Layers[1], "docs/OTHER"));
    }
}
