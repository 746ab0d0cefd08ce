using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>
/// Basic auth over TLS (docker-registry speaks HTTP/2 there) with many first requests in flight at
/// once, as a build's parallel uploads and lookups make them: each request that met the first
/// challenge without credentials must send them, not take its 401 as a refusal. Every credential
/// source, and a wrong password that must still fail with KANIKO1108.
/// </summary>
[TestClass]
public sealed class RegistryTlsAuthenticationTests
{
    private const string User = "tls-user";
    private const string Password = "tls-P4ss-never-logged";
    private const int Parallel = 12;
    private static RegistryServer s_registry = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context)
        => s_registry = await RegistryServer.StartAsync(new RegistryServerOptions(UseTls: true, Username: User, Password: Password), context.CancellationToken);

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }
    }

    [TestMethod]
    [DataRow("explicit")]
    [DataRow("environment")]
    [DataRow("config-auths")]
    [DataRow("credential-helper")]
    public async Task ParallelFirstRequests_WithEveryCredentialSource_AllSucceed(string source)
    {
        using var temp = TemporaryDirectory.Create("tls-auth");
        var settings = Trusting(SettingsFor(source, temp));
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerCount: 4);
        var target = Reference($"parallel/{source}");

        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            // The first exchanges of a fresh client, all at once: none knows the challenge yet.
            var lookups = Enumerable.Range(0, Parallel).Select(i => client.BlobExistsAsync(target, Digest.Sha256([(byte)i]), Ct));
            var exists = await Task.WhenAll(lookups);
            Assert.IsFalse(exists.Any(found => found));
        }

        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            var pushes = Enumerable.Range(0, 3).Select(i => image.PushAsync(client, Reference($"parallel/{source}-{i}"), Ct));
            foreach (var digest in await Task.WhenAll(pushes))
            {
                Assert.AreEqual(image.ManifestDigest, digest);
            }
        }

        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            var pulls = Enumerable.Range(0, 3).Select(i => client.ResolveImageAsync(Reference($"parallel/{source}-{i}"), Platform.Host, Ct));
            Assert.IsTrue((await Task.WhenAll(pulls)).All(resolved => resolved.ManifestDigest == image.ManifestDigest));
        }
    }

    [TestMethod]
    public async Task ParallelFirstRequests_WithAWrongPassword_FailWithTheAuthenticationCode()
    {
        var settings = Trusting(new RegistrySettings
        {
            Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = new(User, "wrong") },
            Environment = RegistryEnvironment.From(new Dictionary<string, string>()),
        });
        using var client = new RegistryClient(settings, NullLogger.Instance);

        var lookups = Enumerable.Range(0, Parallel).Select(i => client.BlobExistsAsync(Reference("refused/image"), Digest.Sha256([(byte)i]), Ct)).ToList();

        foreach (var lookup in lookups)
        {
            var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => lookup);
            Assert.AreEqual("KANIKO1108", error.Code);
            Assert.AreEqual(401, error.StatusCode);
            StringAssert.Contains(error.Message, s_registry.Host);
        }
    }

    private static RegistrySettings SettingsFor(string source, TemporaryDirectory temp)
    {
        switch (source)
        {
            case "explicit":
                return new RegistrySettings
                {
                    Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = new(User, Password) },
                    Environment = RegistryEnvironment.From(new Dictionary<string, string>()),
                };
            case "environment":
                string prefix = EnvironmentCredentials.VariablePrefix(s_registry.Host);
                return new RegistrySettings
                {
                    Environment = RegistryEnvironment.From(new Dictionary<string, string> { [prefix + "USERNAME"] = User, [prefix + "PASSWORD"] = Password }),
                };
            case "config-auths":
                DockerConfigFile.WriteAuth(temp.Path, s_registry.Host, User, Password);
                return new RegistrySettings { Environment = RegistryEnvironment.From(new Dictionary<string, string> { ["DOCKER_CONFIG"] = temp.Path }) };
            default:
                var bin = CredentialHelperScript.Create(temp.Path, "tls", s_registry.Host, User, Password);
                var config = temp.Combine("config");
                DockerConfigFile.WriteCredHelper(config, s_registry.Host, "tls");
                return new RegistrySettings
                {
                    Environment = RegistryEnvironment.From(new Dictionary<string, string> { ["DOCKER_CONFIG"] = config, ["PATH"] = bin + ":/usr/bin:/bin" }),
                };
        }
    }

    private static RegistrySettings Trusting(RegistrySettings settings) =>
        settings with { RegistryCertificates = new Dictionary<string, string> { [s_registry.Host] = s_registry.CaCertificatePath! } };

    private static ImageReference Reference(string repository) => ImageReference.Parse($"{s_registry.Host}/{repository}:latest");
}
