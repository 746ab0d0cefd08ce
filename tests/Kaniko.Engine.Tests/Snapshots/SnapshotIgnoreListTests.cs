using Kaniko.Engine.Snapshots;

namespace Kaniko.Engine.Tests.Snapshots;

[TestClass]
public sealed class SnapshotIgnoreListTests
{
    [TestMethod]
    [DataRow("/proc", true)]
    [DataRow("/proc/1/status", true)]
    [DataRow("/dev/pts/ptmx", true)]
    [DataRow("/etc/hosts", true)]
    [DataRow("/etc/resolv.conf", true)]
    [DataRow("/etc/hostsfile", false)]
    [DataRow("/etc/passwd", false)]
    [DataRow("/etc", false)]
    [DataRow("/devices", false)]
    [DataRow("/data/proc", false)]
    public void Ignores_SandboxPaths_AndOnlyThose(string path, bool ignored) =>
        Assert.AreEqual(ignored, SnapshotIgnoreList.Sandbox.Ignores(path));
}
