using Kaniko.Engine;

namespace Kaniko.Tasks.Tests;

[TestClass]
public sealed class RuntimeIdentifierPlatformTests
{
    [TestMethod]
    [DataRow("linux-x64", "linux/amd64")]
    [DataRow("linux-arm64", "linux/arm64/v8")]
    [DataRow("linux-arm", "linux/arm/v7")]
    [DataRow("linux-musl-x64", "linux/amd64")]
    [DataRow("linux-musl-arm64", "linux/arm64/v8")]
    [DataRow("Linux-X64", "linux/amd64")]
    [DataRow("linux-s390x", "linux/s390x")]
    [DataRow("linux-ppc64le", "linux/ppc64le")]
    public void Parse_MapsTheRidToTheImagePlatform(string runtimeIdentifier, string platform)
    {
        var parsed = RuntimeIdentifierPlatform.Parse(runtimeIdentifier);

        Assert.AreEqual(platform, string.Join('/', new[] { parsed.Os, parsed.Architecture, parsed.Variant }.Where(part => part is not null)));
    }

    [TestMethod]
    [DataRow("win-x64")]
    [DataRow("osx-arm64")]
    [DataRow("linux")]
    [DataRow("linux-sparc")]
    [DataRow("linux-musl-extra-x64")]
    public void Parse_NonLinuxOrUnknownRid_IsACodedError(string runtimeIdentifier)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => RuntimeIdentifierPlatform.Parse(runtimeIdentifier));

        Assert.AreEqual("KANIKO1203", error.Code);
    }
}
