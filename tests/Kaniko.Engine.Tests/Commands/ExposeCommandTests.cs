using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class ExposeCommandTests
{
    [TestMethod]
    [DataRow("80", "80/tcp")]
    [DataRow("80/UDP", "80/udp")]
    [DataRow("8000-8002", "8000/tcp 8001/tcp 8002/tcp")]
    [DataRow("5000-5001/sctp 80 80/tcp", "5000/sctp 5001/sctp 80/tcp")]
    public async Task Expose_PortsAndRanges(string ports, string expected)
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", $"FROM scratch\nEXPOSE {ports}\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEquivalent(expected.Split(' '), image.Config.Config.ExposedPorts!.Keys.ToList());
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("70000")]
    [DataRow("90-80")]
    [DataRow("80/icmp")]
    [DataRow("http")]
    public async Task Expose_NotAPort_IsAnErrorAtItsLine(string ports)
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", $"FROM scratch\nEXPOSE {ports}\n");

        var error = await Assert.ThrowsExactlyAsync<DockerfileException>(() => ScratchBuild.BuildAsync(folder));

        Assert.AreEqual(2, error.Location.Line);
    }
}
