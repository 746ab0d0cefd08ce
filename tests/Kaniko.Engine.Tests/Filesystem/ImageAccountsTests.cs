using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Tests.Filesystem;

[TestClass]
public sealed class ImageAccountsTests
{
    [TestMethod]
    [DataRow("app", 1654, 1654)]
    [DataRow("app:root", 1654, 0)]
    [DataRow("app:staff", 1654, 50)]
    [DataRow("1654", 1654, 1654)]
    [DataRow("4000", 4000, 4000)]
    [DataRow("4000:50", 4000, 50)]
    [DataRow("root:app", 0, 1654)]
    public void ResolveOwner_ReadsTheImagesOwnFiles(string spec, int uid, int gid)
    {
        using var folder = new TestFolder();
        folder.WriteFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n# comment\napp:x:1654:1654::/home/app:/bin/sh\n");
        folder.WriteFile("etc/group", "root:x:0:\nstaff:x:50:\napp:x:1654:\n");

        var accounts = ImageAccounts.Read(new RootDirectory(folder.Path));

        Assert.AreEqual((uid, gid), accounts.ResolveOwner(spec));
    }

    [TestMethod]
    [DataRow("nobody", "KANIKO2201")]
    [DataRow("app:nogroup", "KANIKO2202")]
    public void ResolveOwner_UnknownName_SaysWhatToDo(string spec, string code)
    {
        using var folder = new TestFolder();
        folder.WriteFile("etc/passwd", "app:x:1654:1654::/home/app:/bin/sh\n");
        folder.WriteFile("etc/group", "app:x:1654:\n");

        var error = Assert.ThrowsExactly<KanikoException>(() => ImageAccounts.Read(new RootDirectory(folder.Path)).ResolveOwner(spec));

        Assert.AreEqual(code, error.Code);
        StringAssert.Contains(error.Message, "numeric id");
    }

    [TestMethod]
    public void Read_ImageWithoutAccountFiles_StillTakesNumericIds()
    {
        using var folder = new TestFolder();

        Assert.AreEqual((7, 8), ImageAccounts.Read(new RootDirectory(folder.Path)).ResolveOwner("7:8"));
    }
}
