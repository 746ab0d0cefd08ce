using System.Text;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Basic auth against a real docker-registry behind htpasswd, with credentials from each source.</summary>
[TestClass]
public sealed class RegistryAuthenticationTests
{
    private const string User = "kaniko";
    private const string Password = "s3cret-P4ss-do-not-log";
    private static RegistryServer s_registry = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context)
        => s_registry = await RegistryServer.StartAsync(new RegistryServerOptions(Username: User, Password: Password), context.CancellationToken);

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task ExplicitCredentials_PushAndPull()
    {
        var settings = new RegistrySettings
        {
            Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = new(User, Password) },
            Environment = EmptyEnvironment(),
        };

        await AssertPushAndPullAsync(settings, "explicit/image");
    }

    [TestMethod]
    public async Task NoCredentials_Fails401_SayingHowToLogIn()
    {
        using var client = new RegistryClient(new RegistrySettings { Environment = EmptyEnvironment() }, NullLogger.Instance);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(Reference("anonymous/image"), Ct));

        Assert.AreEqual("KANIKO1108", error.Code);
        Assert.AreEqual(401, error.StatusCode);
        Assert.AreEqual("UNAUTHORIZED", error.ErrorCode);
        StringAssert.Contains(error.Message, s_registry.Host);
        StringAssert.Contains(error.Message, "anonymous/image");
        StringAssert.Contains(error.Message, "KANIKO_REGISTRY_<REGISTRY>_USERNAME");
    }

    [TestMethod]
    public async Task WrongPassword_Fails401_WithoutRetryingForever()
    {
        var settings = new RegistrySettings
        {
            Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = new(User, "wrong") },
            Environment = EmptyEnvironment(),
        };
        using var client = new RegistryClient(settings, NullLogger.Instance);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.BlobExistsAsync(Reference("wrong/password"), Digest.Sha256("x"u8), Ct));

        Assert.AreEqual(401, error.StatusCode);
    }

    [TestMethod]
    public async Task PerRegistryEnvironmentVariables_PushAndPull()
    {
        string prefix = EnvironmentCredentials.VariablePrefix(s_registry.Host);
        var settings = new RegistrySettings
        {
            Environment = RegistryEnvironment.From(new Dictionary<string, string>
            {
                [prefix + "USERNAME"] = User,
                [prefix + "PASSWORD"] = Password,
                ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "someone-else",
                ["DOTNET_CONTAINER_REGISTRY_PWORD"] = "wrong",
            }),
        };

        await AssertPushAndPullAsync(settings, "env/per-registry");
    }

    [TestMethod]
    public async Task SdkPushVariables_ServePushesOnly_AndTheGeneralOnesServeBoth()
    {
        var pushOnly = new RegistrySettings
        {
            Environment = RegistryEnvironment.From(new Dictionary<string, string>
            {
                ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = User,
                ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = Password,
            }),
        };
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        var target = Reference("env/sdk-push");
        using (var client = new RegistryClient(pushOnly, NullLogger.Instance))
        {
            await image.PushBlobsAsync(client, target, Ct);
            await client.PutManifestAsync(target, image.MediaType, image.ManifestBytes, Ct);
        }

        using (var client = new RegistryClient(pushOnly, NullLogger.Instance))
        {
            var pull = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(target, Ct));
            Assert.AreEqual(401, pull.StatusCode, "pulls do not use the push variables");
        }

        var general = new RegistrySettings
        {
            Environment = RegistryEnvironment.From(new Dictionary<string, string>
            {
                ["DOTNET_CONTAINER_REGISTRY_UNAME"] = User,
                ["DOTNET_CONTAINER_REGISTRY_PWORD"] = Password,
            }),
        };
        using (var client = new RegistryClient(general, NullLogger.Instance))
        {
            Assert.AreEqual(image.ManifestDigest, (await client.GetManifestAsync(target, Ct)).Digest);
        }
    }

    [TestMethod]
    [DataRow("auth", "DOCKER_CONFIG")]
    [DataRow("auth", "REGISTRY_AUTH_FILE")]
    [DataRow("auth", "HOME")]
    [DataRow("username-password", "DOCKER_CONFIG")]
    [DataRow("auth-with-scheme-key", "DOCKER_CONFIG")]
    public async Task DockerConfigAuths_PushAndPull(string entry, string locatedBy)
    {
        using var temp = TemporaryDirectory.Create("docker-config");
        string directory = locatedBy == "HOME" ? temp.Combine(".docker") : temp.Path;
        string path = entry switch
        {
            "auth" => DockerConfigFile.WriteAuth(directory, s_registry.Host, User, Password),
            "username-password" => DockerConfigFile.WriteUsernamePassword(directory, s_registry.Host, User, Password),
            _ => DockerConfigFile.WriteAuth(directory, $"https://{s_registry.Host}/v2/", User, Password),
        };
        var environment = new Dictionary<string, string>
        {
            [locatedBy] = locatedBy switch
            {
                "REGISTRY_AUTH_FILE" => path,
                "HOME" => temp.Path,
                _ => directory,
            },
        };

        await AssertPushAndPullAsync(new RegistrySettings { Environment = RegistryEnvironment.From(environment) }, $"config/{entry}-{locatedBy.ToLowerInvariant()}");
    }

    [TestMethod]
    [DataRow("credHelpers")]
    [DataRow("credsStore")]
    public async Task CredentialHelper_FromDockerConfig_PushAndPull(string kind)
    {
        using var temp = TemporaryDirectory.Create("helper");
        var bin = CredentialHelperScript.Create(temp.Path, "test", s_registry.Host, User, Password);
        var configDirectory = temp.Combine("config");
        _ = kind == "credHelpers"
            ? DockerConfigFile.WriteCredHelper(configDirectory, s_registry.Host, "test")
            : DockerConfigFile.WriteCredsStore(configDirectory, "test");
        var settings = new RegistrySettings
        {
            Environment = RegistryEnvironment.From(new Dictionary<string, string>
            {
                ["DOCKER_CONFIG"] = configDirectory,
                ["PATH"] = bin + ":/usr/bin:/bin",
            }),
        };

        await AssertPushAndPullAsync(settings, "helper/" + kind.ToLowerInvariant());

        CollectionAssert.AreEqual(new[] { s_registry.Host }, CredentialHelperScript.Asked(bin).Distinct().ToList());
    }

    [TestMethod]
    public async Task CredentialHelper_MissingFromPath_GoesOnAnonymouslyAndWarns()
    {
        using var temp = TemporaryDirectory.Create("helper-missing");
        DockerConfigFile.WriteCredHelper(temp.Path, s_registry.Host, "absent");
        var logger = new CapturingLogger();
        var settings = new RegistrySettings
        {
            Environment = RegistryEnvironment.From(new Dictionary<string, string> { ["DOCKER_CONFIG"] = temp.Path, ["PATH"] = "/nonexistent" }),
        };
        using var client = new RegistryClient(settings, logger);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(Reference("helper/missing"), Ct));

        Assert.AreEqual(401, error.StatusCode);
        StringAssert.Contains(logger.Text, "docker-credential-absent");
    }

    [TestMethod]
    public async Task Push_AtTraceLevel_NeverLogsThePassword()
    {
        var logger = new CapturingLogger();
        using var temp = TemporaryDirectory.Create("redaction");
        var settings = new RegistrySettings { Environment = RegistryEnvironment.From(new Dictionary<string, string> { ["DOCKER_CONFIG"] = temp.Path }) };
        DockerConfigFile.WriteAuth(temp.Path, s_registry.Host, User, Password);
        using (var client = new RegistryClient(settings, logger))
        {
            var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
            await image.PushAsync(client, Reference("redaction/image"), Ct);
            await client.ResolveImageAsync(Reference("redaction/image"), Platform.Host, Ct);
        }

        using (var refused = new RegistryClient(settings with { Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = new(User, Password + "-not") } }, logger))
        {
            await Assert.ThrowsExactlyAsync<RegistryException>(() => refused.GetManifestAsync(Reference("redaction/image"), Ct));
        }

        string text = logger.Text;
        Assert.IsTrue(text.Length > 0, "something was logged");
        StringAssert.Contains(text, "Credentials for " + s_registry.Host);
        Assert.IsFalse(text.Contains(Password, StringComparison.Ordinal), "the password is never logged");
        Assert.IsFalse(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")), StringComparison.Ordinal), "nor its Basic header");
        Assert.IsFalse(new RegistryCredential(User, Password).ToString().Contains(Password, StringComparison.Ordinal));
    }

    private async Task AssertPushAndPullAsync(RegistrySettings settings, string repository)
    {
        var target = Reference(repository);
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            Assert.AreEqual(image.ManifestDigest, await image.PushAsync(client, target, Ct));
        }

        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);
            Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
            using var layer = new MemoryStream();
            await client.DownloadBlobAsync(target, image.LayerDescriptor, layer, Ct);
            CollectionAssert.AreEqual(image.Layer, layer.ToArray());
        }
    }

    private static RegistryEnvironment EmptyEnvironment() => RegistryEnvironment.From(new Dictionary<string, string>());

    private static ImageReference Reference(string repository, string tag = "latest")
        => ImageReference.Parse($"{s_registry.Host}/{repository}:{tag}");
}
