using Kaniko.Engine.Contexts;

namespace Kaniko.Engine.Tests.Contexts;

[TestClass]
public sealed class BuildContextDirectoryTests
{
    [TestMethod]
    [DataRow("a.txt", "a.txt")]
    [DataRow("*.txt", "a.txt,b.txt")]
    [DataRow("?.txt", "a.txt,b.txt")]
    [DataRow("sub/*", "sub/c.dll,sub/d.json")]
    [DataRow("*/c.dll", "sub/c.dll")]
    [DataRow("sub/*.dll", "sub/c.dll")]
    [DataRow("../../a.txt", "a.txt")]
    [DataRow("[ab].txt", "a.txt,b.txt")]
    [DataRow("[^a].txt", "b.txt")]
    [DataRow("[!a].txt", "a.txt")] // Go's filepath.Match negates with ^ only: ! is a character of the class
    [DataRow("[a-z].txt", "a.txt,b.txt")]
    [DataRow("[[]x].txt", "[x].txt")]
    [DataRow("s[u]b/[c]*", "sub/c.dll")]
    [DataRow("none*", "")]
    [DataRow("missing.txt", "")]
    public void Match_FindsSourcesInsideTheContextOnly(string source, string expected)
    {
        using var folder = new TestFolder();
        folder.WriteFile("a.txt", "");
        folder.WriteFile("b.txt", "");
        folder.WriteFile("sub/c.dll", "");
        folder.WriteFile("sub/d.json", "");
        if (source.StartsWith("[[]", StringComparison.Ordinal))
        {
            folder.WriteFile("[x].txt", "");
        }

        var context = new BuildContextDirectory(folder.Path);

        var matches = context.Match(source).Select(m => Path.GetRelativePath(folder.Path, m.HostPath)).ToList();

        CollectionAssert.AreEqual(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), matches);
    }

    [TestMethod]
    [DataRow("../x", true)]
    [DataRow("a/../../x", true)]
    [DataRow("./../x", true)]
    [DataRow("a/../x", false)]
    [DataRow("/a/./b", false)]
    [DataRow("x/..", false)]
    public void EscapesTop_OnlyWhenDotDotClimbsAboveTheTop(string source, bool escapes) =>
        Assert.AreEqual(escapes, BuildContextDirectory.EscapesTop(source));

    [TestMethod]
    public void Match_LinkPointingOutOfTheContext_StaysInside()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/secret.txt", "inside");
        folder.WriteFile("outside/secret.txt", "outside");
        File.CreateSymbolicLink(folder.Combine("context/escape"), "../outside");

        var matches = new BuildContextDirectory(folder.Combine("context")).Match("escape/secret.txt");

        Assert.AreEqual(0, matches.Count, "../outside resolves to the context's own top, where escape/secret.txt does not exist");
    }

    [TestMethod]
    [DataRow("dir/link")]
    [DataRow("dir/lin[k]")]
    [DataRow("dirlink/link")]
    public void Match_FinalLink_ReadsItsTargetButKeepsItsName(string source)
    {
        using var folder = new TestFolder();
        folder.WriteFile("dir/target.txt", "hello");
        File.CreateSymbolicLink(folder.Combine("dir/link"), "target.txt");
        File.CreateSymbolicLink(folder.Combine("dirlink"), "/dir");

        var match = new BuildContextDirectory(folder.Path).Match(source).Single();

        Assert.AreEqual(folder.Combine("dir/target.txt"), match.HostPath);
        Assert.AreEqual("link", Path.GetFileName(match.NamedPath));
        Assert.AreEqual(folder.Combine("dir"), Path.GetDirectoryName(match.NamedPath), "the folder link is resolved inside the context");
    }

    [TestMethod]
    public void Constructor_MissingFolder_IsAClearError()
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => new BuildContextDirectory("/no/such/context"));
        Assert.AreEqual("KANIKO4001", error.Code);
        StringAssert.Contains(error.Message, "/no/such/context");
    }
}
