using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Tests.Registries;

[TestClass]
public sealed class RegistrySettingsTests
{
    [TestMethod]
    [DataRow("localhost", true)]
    [DataRow("localhost:5000", true)]
    [DataRow("127.0.0.1:5000", true)]
    [DataRow("127.1.2.3", true)]
    [DataRow("[::1]:5000", true)]
    [DataRow("registry.internal:5000", true)]
    [DataRow("other.internal", true)]
    [DataRow("other.internal:8443", true)]
    [DataRow("registry.internal:6000", false)]
    [DataRow("docker.io", false)]
    [DataRow("10.0.0.1:5000", false)]
    public void UsesPlainHttp_ForLoopbackAndListedRegistries(string registry, bool expected)
    {
        var settings = new RegistrySettings
        {
            InsecureRegistries = new HashSet<string> { "registry.internal:5000", "OTHER.internal" },
        };

        Assert.AreEqual(expected, settings.UsesPlainHttp(registry));
    }
}
