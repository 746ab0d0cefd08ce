using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>TLS trust against a real docker-registry serving a self-signed certificate on 127.0.0.1.</summary>
[TestClass]
public sealed class RegistryTlsTests
{
    private static RegistryServer s_tls = null!;
    private static RegistryServer s_plain = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartRegistries(TestContext context)
    {
        s_tls = await RegistryServer.StartAsync(new RegistryServerOptions(UseTls: true), context.CancellationToken);
        s_plain = await RegistryServer.StartAsync(cancellationToken: context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopRegistries()
    {
        if (s_tls is not null)
        {
            await s_tls.DisposeAsync();
        }

        if (s_plain is not null)
        {
            await s_plain.DisposeAsync();
        }
    }

    [TestMethod]
    [DataRow("host:port")]
    [DataRow("host")]
    public async Task RegistryCertificate_TrustsTheRegistrysCa(string keyedBy)
    {
        string key = keyedBy == "host" ? "127.0.0.1" : s_tls.Host;
        var settings = new RegistrySettings { RegistryCertificates = new Dictionary<string, string> { [key] = s_tls.CaCertificatePath! } };

        await AssertPushAndPullOverTlsAsync(settings, "ca/" + keyedBy.Replace(":", "-", StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("all")]
    [DataRow("registry")]
    public async Task SkipTlsVerify_AcceptsTheSelfSignedCertificate(string scope)
    {
        var settings = scope == "all"
            ? new RegistrySettings { SkipTlsVerify = true }
            : new RegistrySettings { SkipTlsVerifyRegistries = new HashSet<string> { s_tls.Host } };

        await AssertPushAndPullOverTlsAsync(settings, "skip/" + scope);
    }

    [TestMethod]
    public async Task UntrustedCertificate_FailsClearly_AndNeverFallsBackToPlainHttp()
    {
        var logger = new CapturingLogger();
        using var client = new RegistryClient(
            new RegistrySettings { RegistryCertificates = new Dictionary<string, string> { ["other.example"] = s_tls.CaCertificatePath! } },
            logger);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse($"{s_tls.Host}/untrusted/image:1"), Ct));

        Assert.AreEqual("KANIKO1102", error.Code);
        StringAssert.Contains(error.Message, $"https://{s_tls.Host}");
        StringAssert.Contains(error.Message, "--registry-certificate");
        StringAssert.Contains(error.Message, "--skip-tls-verify-registry");
        Assert.IsFalse(logger.Text.Contains("plain HTTP", StringComparison.Ordinal), logger.Text);
    }

    [TestMethod]
    public async Task PlainLoopbackRegistry_IsTriedOverHttpsThenUsedOverHttp()
    {
        var logger = new CapturingLogger();
        using var client = new RegistryClient(new RegistrySettings(), logger);
        var target = ImageReference.Parse($"{s_plain.Host}/fallback/image:1");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);

        await image.PushAsync(client, target, Ct);
        var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);

        Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
        var fallbacks = logger.Text.Split('\n').Count(l => l.Contains($"{s_plain.Host} does not speak TLS", StringComparison.Ordinal));
        Assert.AreEqual(1, fallbacks, "the fallback is found once and remembered");
    }

    [TestMethod]
    public async Task TlsLoopbackRegistry_NamedInsecure_IsSpokenToOverPlainHttp_AndRefuses()
    {
        using var client = new RegistryClient(new RegistrySettings { InsecureRegistries = new HashSet<string> { s_tls.Host }, PullRetries = 0 }, NullLogger.Instance);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse($"{s_tls.Host}/insecure/image:1"), Ct));

        Assert.AreEqual(400, error.StatusCode, "Go's TLS server answers 400 to plain HTTP");
    }

    [TestMethod]
    public void RegistryCertificate_MissingFile_FailsBeforeAnyRequest()
    {
        var settings = new RegistrySettings { RegistryCertificates = new Dictionary<string, string> { ["registry.example"] = "/nonexistent/ca.pem" } };

        var error = Assert.ThrowsExactly<RegistryException>(() => new RegistryClient(settings, NullLogger.Instance).Dispose());

        Assert.AreEqual("KANIKO1109", error.Code);
        StringAssert.Contains(error.Message, "/nonexistent/ca.pem");
        StringAssert.Contains(error.Message, "registry.example");
    }

    private async Task AssertPushAndPullOverTlsAsync(RegistrySettings settings, string repository)
    {
        var logger = new CapturingLogger();
        var target = ImageReference.Parse($"{s_tls.Host}/{repository}:1");
        var image = SampleImage.Create(MediaTypes.DockerManifest, Platform.Host);
        using (var client = new RegistryClient(settings, logger))
        {
            Assert.AreEqual(image.ManifestDigest, await image.PushAsync(client, target, Ct));
            Assert.AreEqual(image.ManifestDigest, (await client.ResolveImageAsync(target, Platform.Host, Ct)).ManifestDigest);
        }

        Assert.IsFalse(logger.Text.Contains("plain HTTP", StringComparison.Ordinal), logger.Text);
        using var inspected = await Skopeo.InspectAsync(s_tls, $"{repository}:1", ct: Ct);
        Assert.AreEqual(image.ManifestDigest.ToString(), inspected.RootElement.GetProperty("Digest").GetString());
    }
}
