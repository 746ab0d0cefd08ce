using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Sandbox;

namespace Kaniko.Engine.Tests.Sandbox;

[TestClass]
public sealed class SandboxUserTests
{
    [TestMethod]
    [DataRow("", 0, 0, "10")]
    [DataRow("app", 1654, 1654, "20,30")]
    [DataRow("1654", 1654, 1654, "20,30")]
    [DataRow("app:audio", 1654, 30, "20,30")]
    [DataRow("lonely", 2000, 2000, "2000")]
    [DataRow("4242", 4242, 4242, "4242")]
    public void Resolve_UserSpec_GivesIdsAndTheGroupsThatListTheUser(string spec, int uid, int gid, string groups)
    {
        using var folder = new TestFolder();
        folder.WriteFile("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654::/home/app:/bin/sh\nlonely:x:2000:2000::/:/bin/sh\n");
        folder.WriteFile("etc/group", "root:x:0:\nwheel:x:10:root\ndev:x:20:app,other\naudio:x:30: app \napp:x:1654:\n");

        var user = SandboxUser.Resolve(new RootDirectory(folder.Path), spec);

        Assert.AreEqual((uid, gid), (user.Uid, user.Gid));
        Assert.AreEqual(groups, string.Join(',', user.SupplementaryGroups));
    }
}
