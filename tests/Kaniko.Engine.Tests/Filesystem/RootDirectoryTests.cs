using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Tests.Filesystem;

[TestClass]
public sealed class RootDirectoryTests
{
    [TestMethod]
    [DataRow("/a/b/../c", "/a/c")]
    [DataRow("../../etc/passwd", "/etc/passwd")]
    [DataRow("./a//b/./", "/a/b")]
    [DataRow("/", "/")]
    [DataRow("", "/")]
    [DataRow("/..", "/")]
    public void Normalize_CleansAndClampsAtTheRoot(string path, string expected)
    {
        Assert.AreEqual(expected, RootDirectory.Normalize(path));
    }

    [TestMethod]
    [DataRow("/escape/evil", "/evil")]
    [DataRow("/up/evil", "/evil")]
    [DataRow("/sub/inner/file", "/target/file")]
    [DataRow("/sub/dotdot/file", "/file")]
    public void Resolve_FollowsLinksAsChrootWould_NeverLeavingTheRoot(string path, string expectedInImage)
    {
        using var folder = new TestFolder();
        var root = new RootDirectory(folder.Combine("root"));
        Directory.CreateDirectory(root.HostPath + "/sub");
        Directory.CreateDirectory(root.HostPath + "/target");
        File.CreateSymbolicLink(root.HostPath + "/escape", "/");
        File.CreateSymbolicLink(root.HostPath + "/up", "../../../..");
        File.CreateSymbolicLink(root.HostPath + "/sub/inner", "/target");
        File.CreateSymbolicLink(root.HostPath + "/sub/dotdot", "../..");

        var resolved = root.Resolve(path);

        Assert.AreEqual(root.HostPath + expectedInImage, resolved);
    }

    [TestMethod]
    public void Resolve_WithoutFollowingTheFinalLink_ReturnsTheLinkItself()
    {
        using var folder = new TestFolder();
        var root = new RootDirectory(folder.Combine("root"));
        Directory.CreateDirectory(root.HostPath);
        File.CreateSymbolicLink(root.HostPath + "/link", "/elsewhere");

        Assert.AreEqual(root.HostPath + "/link", root.Resolve("/link", followFinalLink: false));
        Assert.AreEqual(root.HostPath + "/elsewhere", root.Resolve("/link"));
    }

    [TestMethod]
    public void Resolve_LinkLoop_IsAnErrorNotAHang()
    {
        using var folder = new TestFolder();
        var root = new RootDirectory(folder.Combine("root"));
        Directory.CreateDirectory(root.HostPath);
        File.CreateSymbolicLink(root.HostPath + "/a", "/b");
        File.CreateSymbolicLink(root.HostPath + "/b", "/a");

        var error = Assert.ThrowsExactly<KanikoException>(() => root.Resolve("/a/file"));
        Assert.AreEqual("KANIKO2003", error.Code);
    }

    [TestMethod]
    public void ToImagePath_RejectsPathsOutsideTheRoot()
    {
        var root = new RootDirectory("/tmp/some-root");

        Assert.AreEqual("/a/b", root.ToImagePath("/tmp/some-root/a/b"));
        Assert.AreEqual("/", root.ToImagePath("/tmp/some-root"));
        Assert.ThrowsExactly<ArgumentException>(() => root.ToImagePath("/tmp/some-root-sibling/a"));
    }
}
