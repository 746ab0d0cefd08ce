using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class ParseTestAssetsTests
{
    [TestMethod]
    public void Folder_HoldsAtLeast25DockerfilesEachWithItsDump()
    {
        var dockerfiles = ParseTestAssets.Dockerfiles();

        Assert.IsGreaterThanOrEqualTo(25, dockerfiles.Length);
        foreach (var dockerfile in dockerfiles)
        {
            Assert.IsTrue(File.Exists(Path.ChangeExtension(dockerfile, ".ast")), dockerfile);
        }
    }

    [TestMethod]
    [DynamicData(nameof(ParseTestAssets.Names), typeof(ParseTestAssets))]
    public void Dump_TestAssetDockerfile_MatchesItsAstFile(string name)
    {
        var path = Path.Combine(ParseTestAssets.Folder, name + ".Dockerfile");
        var syntax = DockerfileSyntaxParser.Parse(File.ReadAllText(path), path);

        Assert.AreEqual(File.ReadAllText(Path.ChangeExtension(path, ".ast")), SyntaxTreeDump.Format(syntax));
    }

    [TestMethod]
    [DynamicData(nameof(ParseTestAssets.Names), typeof(ParseTestAssets))]
    public void Parse_TestAssetDockerfile_TypesEveryInstruction(string name)
    {
        var path = Path.Combine(ParseTestAssets.Folder, name + ".Dockerfile");
        var syntax = DockerfileSyntaxParser.Parse(File.ReadAllText(path), path);

        var dockerfile = DockerfileParser.Parse(syntax);

        Assert.HasCount(syntax.Nodes.Count, dockerfile.Instructions);
        CollectionAssert.AreEqual(
            syntax.Nodes.Select(node => node.Location).ToArray(),
            dockerfile.Instructions.Select(instruction => instruction.Location).ToArray());
    }
}
