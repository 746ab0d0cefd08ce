using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Bearer tokens against a real docker-registry with <c>auth: token</c> and the test token server.</summary>
[TestClass]
public sealed class RegistryTokenAuthTests
{
    private const string User = "token-user";
    private const string Password = "token-P4ss";
    private const string IdentityToken = "refresh-0123456789abcdef";
    private static TokenServer s_tokens = null!;
    private static RegistryServer s_registry = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        s_tokens = TokenServer.Start(User, Password, IdentityToken, expiresInSeconds: 120);
        s_registry = await RegistryServer.StartAsync(new RegistryServerOptions(TokenServer: s_tokens), context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }

        if (s_tokens is not null)
        {
            await s_tokens.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task Password_PushThenPull_WithOneTokenPerScope()
    {
        var settings = WithCredential(new RegistryCredential(User, Password));
        var target = Reference("bearer/password");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            Assert.AreEqual(image.ManifestDigest, await image.PushAsync(client, target, Ct));
            Assert.AreEqual(image.ManifestDigest, (await client.ResolveImageAsync(target, Platform.Host, Ct)).ManifestDigest);
        }

        var grants = GrantsFor("bearer/password");
        Assert.HasCount(1, grants, "pulls reuse the pull,push token: " + string.Join("; ", grants));
        Assert.AreEqual("repository:bearer/password:pull,push", grants[0].Scope);
        Assert.AreEqual("basic", grants[0].GrantType);
        Assert.AreEqual(User, grants[0].Account);
        using var inspected = await Skopeo.InspectAsync(s_registry, "bearer/password:latest", ct: Ct);
        Assert.AreEqual(image.ManifestDigest.ToString(), inspected.RootElement.GetProperty("Digest").GetString());
    }

    [TestMethod]
    public async Task ParallelFirstRequests_AllGetATokenAndSucceed()
    {
        using var client = new RegistryClient(WithCredential(new RegistryCredential(User, Password)), NullLogger.Instance);
        var target = Reference("bearer/parallel");

        var lookups = Enumerable.Range(0, 12).Select(i => client.BlobExistsAsync(target, Digest.Sha256([(byte)i]), Ct));

        Assert.IsFalse((await Task.WhenAll(lookups)).Any(found => found));
        Assert.IsNotEmpty(GrantsFor("bearer/parallel"));
    }

    [TestMethod]
    public async Task PullThenPush_UpgradesTheTokenScope()
    {
        using var client = new RegistryClient(WithCredential(new RegistryCredential(User, Password)), NullLogger.Instance);
        var target = Reference("bearer/upgrade");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);

        Assert.IsFalse(await client.BlobExistsAsync(target, image.LayerDescriptor.Digest, Ct));
        await image.PushAsync(client, target, Ct);

        var scopes = GrantsFor("bearer/upgrade").Select(g => g.Scope).ToList();
        CollectionAssert.AreEqual(new[] { "repository:bearer/upgrade:pull", "repository:bearer/upgrade:pull,push" }, scopes);
    }

    [TestMethod]
    public async Task Mount_AsksForPullOnTheSourceToo_AndCopiesNothing()
    {
        using var client = new RegistryClient(WithCredential(new RegistryCredential(User, Password)), NullLogger.Instance);
        var source = Reference("bearer/mount-source");
        var destination = Reference("bearer/mount-target");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        await image.PushAsync(client, source, Ct);

        await using (var unreadable = new UnreadableStream())
        {
            await client.UploadBlobAsync(destination, image.LayerDescriptor.Digest, image.Layer.Length, unreadable, source, Ct);
        }

        Assert.IsTrue(await client.BlobExistsAsync(destination, image.LayerDescriptor.Digest, Ct));
        Assert.IsTrue(
            s_tokens.Grants.Any(g => g.Scope == "repository:bearer/mount-target:pull,push repository:bearer/mount-source:pull"),
            string.Join("; ", s_tokens.Grants));
    }

    [TestMethod]
    public async Task IdentityToken_FromDockerConfig_UsesTheRefreshTokenGrant()
    {
        using var temp = TemporaryDirectory.Create("identity-token");
        DockerConfigFile.WriteIdentityToken(temp.Path, s_registry.Host, IdentityToken);
        var settings = new RegistrySettings { Environment = RegistryEnvironment.From(new Dictionary<string, string> { ["DOCKER_CONFIG"] = temp.Path }) };
        var target = Reference("bearer/refresh");
        var image = SampleImage.Create(MediaTypes.DockerManifest, Platform.Host);

        using (var client = new RegistryClient(settings, NullLogger.Instance))
        {
            await image.PushAsync(client, target, Ct);
            Assert.AreEqual(image.ManifestDigest, (await client.GetManifestAsync(target, Ct)).Digest);
        }

        var grants = GrantsFor("bearer/refresh");
        Assert.IsNotEmpty(grants);
        Assert.IsTrue(grants.All(g => g is { Method: "POST", GrantType: "refresh_token" }), string.Join("; ", grants));
    }

    [TestMethod]
    public async Task Anonymous_GetsATokenWithoutRights_AndFailsSayingHowToLogIn()
    {
        using var client = new RegistryClient(new RegistrySettings { Environment = RegistryEnvironment.From(new Dictionary<string, string>()) }, NullLogger.Instance);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(Reference("bearer/anonymous"), Ct));

        Assert.AreEqual(401, error.StatusCode);
        Assert.AreEqual("UNAUTHORIZED", error.ErrorCode);
        StringAssert.Contains(error.Message, "Log in");
        Assert.IsTrue(GrantsFor("bearer/anonymous").All(g => g.GrantType == "anonymous" && g.GrantedActions.Count == 0));
    }

    [TestMethod]
    public async Task WrongPassword_TokenServiceRefuses_WithAClearError()
    {
        using var client = new RegistryClient(WithCredential(new RegistryCredential(User, "wrong")), NullLogger.Instance);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(Reference("bearer/wrong"), Ct));

        Assert.AreEqual("KANIKO1108", error.Code);
        Assert.AreEqual(401, error.StatusCode);
        StringAssert.Contains(error.Message, s_tokens.Realm.GetLeftPart(UriPartial.Path));
        StringAssert.Contains(error.Message, "repository:bearer/wrong:pull");
        Assert.IsFalse(error.Message.Contains("wrong\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task ExpiredToken_IsRenewed()
    {
        var clock = new ManualClock();
        using var client = new RegistryClient(WithCredential(new RegistryCredential(User, Password)), NullLogger.Instance, null, clock);
        var target = Reference("bearer/expiry");
        var digest = Digest.Sha256("nothing"u8);

        await client.BlobExistsAsync(target, digest, Ct);
        await client.BlobExistsAsync(target, digest, Ct);
        clock.Advance(TimeSpan.FromSeconds(115));
        await client.BlobExistsAsync(target, digest, Ct);

        Assert.HasCount(2, GrantsFor("bearer/expiry"), "one token until it was about to expire, then a new one");
    }

    private static List<TokenGrant> GrantsFor(string repository)
        => s_tokens.Grants.Where(g => g.Scope?.Contains($":{repository}:", StringComparison.Ordinal) == true).ToList();

    private static RegistrySettings WithCredential(RegistryCredential credential) => new()
    {
        Credentials = new Dictionary<string, RegistryCredential> { [s_registry.Host] = credential },
        Environment = RegistryEnvironment.From(new Dictionary<string, string>()),
    };

    private static ImageReference Reference(string repository, string tag = "latest")
        => ImageReference.Parse($"{s_registry.Host}/{repository}:{tag}");
}
