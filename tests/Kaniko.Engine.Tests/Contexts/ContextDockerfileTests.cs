using Kaniko.Engine.Contexts;
using Kaniko.Engine.Tests.Layers;

namespace Kaniko.Engine.Tests.Contexts;

[TestClass]
public sealed class ContextDockerfileTests
{
    [TestMethod]
    public void Locate_LinkToAHostFile_IsNotFollowedOutOfTheContext()
    {
        using var folder = new TestFolder();
        var secret = folder.WriteFile("host/secret", "SECRET-LINE\n");
        Directory.CreateDirectory(folder.Combine("context"));
        File.CreateSymbolicLink(folder.Combine("context/Dockerfile"), secret);

        var error = Assert.ThrowsExactly<KanikoException>(() => ContextDockerfile.Locate(new BuildContextDirectory(folder.Combine("context")), "Dockerfile"));

        Assert.AreEqual("KANIKO4002", error.Code);
        StringAssert.Contains(error.Message, $"it is a link to '{secret}', and links in the context resolve inside it");
    }

    [TestMethod]
    [DataRow("/build/real.Dockerfile")]
    [DataRow("../../../build/real.Dockerfile")]
    public void Locate_LinkInsideTheContext_ResolvesAsAChrootAtItsTop(string linkTarget)
    {
        using var folder = new TestFolder();
        var real = folder.WriteFile("context/build/real.Dockerfile", "FROM scratch\n");
        File.CreateSymbolicLink(folder.Combine("context/Dockerfile"), linkTarget);

        var found = ContextDockerfile.Locate(new BuildContextDirectory(folder.Combine("context")), "Dockerfile");

        Assert.AreEqual(real, found);
    }

    [TestMethod]
    public void Locate_ExplicitPathOutsideTheContext_IsReadAsGiven()
    {
        using var folder = new TestFolder();
        var outside = folder.WriteFile("elsewhere/app.Dockerfile", "FROM scratch\n");
        File.CreateSymbolicLink(folder.Combine("elsewhere/link.Dockerfile"), outside);
        Directory.CreateDirectory(folder.Combine("context"));
        var context = new BuildContextDirectory(folder.Combine("context"));

        Assert.AreEqual(outside, ContextDockerfile.Locate(context, outside));
        Assert.AreEqual(folder.Combine("elsewhere/link.Dockerfile"), ContextDockerfile.Locate(context, "../elsewhere/link.Dockerfile"));
    }

    [TestMethod]
    public void Locate_PipeNamedDockerfile_IsRefusedWithoutOpeningIt()
    {
        using var folder = new TestFolder();
        ExternalCommand.Bash("mkfifo " + ExternalCommand.Quote(folder.Combine("Dockerfile")));

        var error = Assert.ThrowsExactly<KanikoException>(() => ContextDockerfile.Locate(new BuildContextDirectory(folder.Path), "Dockerfile"));

        Assert.AreEqual("KANIKO4004", error.Code);
    }

    [TestMethod]
    [DataRow("app.Dockerfile", "app.Dockerfile.dockerignore")]
    [DataRow("Dockerfile", ".dockerignore")]
    [DataRow("build/web.Dockerfile", "build/web.Dockerfile.dockerignore")]
    [DataRow("build/other.Dockerfile", ".dockerignore")]
    public void LoadIgnore_DockerfileSpecificIgnoreFile_WinsOverTheContextOne(string dockerfile, string expected)
    {
        using var folder = new TestFolder();
        folder.WriteFile(".dockerignore", "from-context");
        folder.WriteFile("app.Dockerfile.dockerignore", "from-app");
        folder.WriteFile("build/web.Dockerfile.dockerignore", "from-web");

        var matcher = ContextDockerfile.LoadIgnore(new BuildContextDirectory(folder.Path), dockerfile);

        Assert.AreEqual(folder.Combine(expected), matcher.SourceFile);
    }

    [TestMethod]
    public void LoadIgnore_NoIgnoreFile_ExcludesNothing()
    {
        using var folder = new TestFolder();

        var matcher = ContextDockerfile.LoadIgnore(new BuildContextDirectory(folder.Path), "Dockerfile");

        Assert.IsNull(matcher.SourceFile);
        Assert.IsFalse(matcher.IsExcluded("anything/at/all"));
    }

    [TestMethod]
    public void LoadIgnore_LinkToAHostFile_IsNotRead()
    {
        using var folder = new TestFolder();
        var secret = folder.WriteFile("host/secret", "[\n");
        Directory.CreateDirectory(folder.Combine("context"));
        File.CreateSymbolicLink(folder.Combine("context/.dockerignore"), secret);

        var matcher = ContextDockerfile.LoadIgnore(new BuildContextDirectory(folder.Combine("context")), "Dockerfile");

        Assert.IsNull(matcher.SourceFile, "the link resolves to <context>/host/secret, which does not exist");
    }
}
