using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class PlatformTests
{
    [TestMethod]
    [DataRow("linux/amd64", "linux", "amd64", null)]
    [DataRow("linux/arm64/v8", "linux", "arm64", "v8")]
    [DataRow("Linux/ARM/v7", "linux", "arm", "v7")]
    public void Parse_SplitsOsArchitectureVariant(string text, string os, string architecture, string? variant)
    {
        var platform = Platform.Parse(text);

        Assert.AreEqual(new Platform(os, architecture, variant), platform);
        Assert.AreEqual(text.ToLowerInvariant(), platform.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("linux")]
    [DataRow("linux/")]
    [DataRow("linux/arm/v7/extra")]
    [DataRow("linux/amd 64")]
    public void Parse_Invalid_Throws(string text)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => Platform.Parse(text));
        Assert.AreEqual("KANIKO1003", error.Code);
        StringAssert.Contains(error.Message, "os/architecture");
    }

    [TestMethod]
    public void Host_IsLinuxWithAGoArchitectureName()
    {
        Assert.AreEqual("linux", Platform.Host.Os);
        CollectionAssert.Contains(new[] { "amd64", "arm64", "arm", "386", "s390x", "ppc64le", "loong64", "riscv64" }, Platform.Host.Architecture);
    }

    [TestMethod]
    [DataRow("linux/amd64", "linux/amd64", true)]
    [DataRow("linux/amd64", "linux/arm64", false)]
    [DataRow("linux/amd64", "windows/amd64", false)]
    [DataRow("linux/arm64", "linux/arm64/v8", true)]
    [DataRow("linux/arm64/v8", "linux/arm64", true)]
    [DataRow("linux/arm/v7", "linux/arm", true)]
    [DataRow("linux/arm/v7", "linux/arm/v6", false)]
    [DataRow("linux/arm", "linux/arm/v6", true)]
    public void IsSatisfiedBy_NormalizesDefaultVariants(string wanted, string offered, bool expected)
    {
        Assert.AreEqual(expected, Platform.Parse(wanted).IsSatisfiedBy(Platform.Parse(offered)));
    }
}
