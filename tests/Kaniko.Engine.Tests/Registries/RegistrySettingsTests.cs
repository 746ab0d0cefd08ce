using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Tests.Registries;

[TestClass]
public sealed class RegistrySettingsTests
{
    [TestMethod]
    [DataRow("localhost", RegistryTransport.HttpsThenPlainHttp)]
    [DataRow("localhost:5000", RegistryTransport.HttpsThenPlainHttp)]
    [DataRow("127.0.0.1:5000", RegistryTransport.HttpsThenPlainHttp)]
    [DataRow("127.1.2.3", RegistryTransport.HttpsThenPlainHttp)]
    [DataRow("[::1]:5000", RegistryTransport.HttpsThenPlainHttp)]
    [DataRow("127.0.0.1:7000", RegistryTransport.PlainHttp)]
    [DataRow("registry.internal:5000", RegistryTransport.PlainHttp)]
    [DataRow("other.internal", RegistryTransport.PlainHttp)]
    [DataRow("other.internal:8443", RegistryTransport.PlainHttp)]
    [DataRow("from-env.internal:5000", RegistryTransport.PlainHttp)]
    [DataRow("sdk.example", RegistryTransport.PlainHttp)]
    [DataRow("registry.internal:6000", RegistryTransport.Https)]
    [DataRow("docker.io", RegistryTransport.Https)]
    [DataRow("10.0.0.1:5000", RegistryTransport.Https)]
    public void TransportFor_LoopbackTriesHttpsFirst_ListedRegistriesArePlain(string registry, RegistryTransport expected)
    {
        var settings = new RegistrySettings
        {
            InsecureRegistries = new HashSet<string> { "registry.internal:5000", "OTHER.internal", "127.0.0.1:7000" },
            Environment = RegistryEnvironment.From(new Dictionary<string, string>
            {
                ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = "from-env.internal:5000, sdk.example",
            }),
        };

        Assert.AreEqual(expected, settings.TransportFor(registry));
        Assert.AreEqual(expected == RegistryTransport.PlainHttp, settings.UsesPlainHttp(registry));
    }

    [TestMethod]
    [DataRow("docker.io")]
    [DataRow("ghcr.io")]
    [DataRow("127.0.0.1:5000")]
    public void Insecure_MakesEveryRegistryPlain(string registry)
        => Assert.AreEqual(RegistryTransport.PlainHttp, new RegistrySettings { Insecure = true }.TransportFor(registry));

    [TestMethod]
    [DataRow("https://index.docker.io/v1/", "docker.io")]
    [DataRow("index.docker.io", "docker.io")]
    [DataRow("registry-1.docker.io", "docker.io")]
    [DataRow("Docker.IO", "docker.io")]
    [DataRow("https://ghcr.io", "ghcr.io")]
    [DataRow("http://127.0.0.1:5000/v2/", "127.0.0.1:5000")]
    public void RegistryName_NormalizesDockerConfigKeys(string key, string expected)
        => Assert.AreEqual(expected, RegistryName.Normalize(key));

    [TestMethod]
    [DataRow("127.0.0.1:5000", "KANIKO_REGISTRY_127_0_0_1_5000_")]
    [DataRow("ghcr.io", "KANIKO_REGISTRY_GHCR_IO_")]
    [DataRow("index.docker.io", "KANIKO_REGISTRY_DOCKER_IO_")]
    [DataRow("my-registry.example.com", "KANIKO_REGISTRY_MY_REGISTRY_EXAMPLE_COM_")]
    public void EnvironmentVariablePrefix_IsTheRegistryUpperCasedWithUnderscores(string registry, string expected)
        => Assert.AreEqual(expected, EnvironmentCredentials.VariablePrefix(registry));
}
