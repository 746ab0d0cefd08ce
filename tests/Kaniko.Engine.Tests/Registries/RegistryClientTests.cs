using System.Security.Cryptography;
using System.Text.Json;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>The client against a real docker-registry (distribution 2.8) on loopback.</summary>
[TestClass]
public sealed class RegistryClientTests
{
    private static RegistryServer s_registry = null!;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context) => s_registry = await RegistryServer.StartAsync(cancellationToken: context.CancellationToken);

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task UploadBlob_ThenHeadFindsIt_AndASecondUploadSkips()
    {
        using var client = NewClient();
        var repository = Reference(s_registry, "blobs/upload");
        byte[] blob = RandomNumberGenerator.GetBytes(10_000);
        var digest = Digest.Sha256(blob);

        Assert.IsFalse(await client.BlobExistsAsync(repository, digest, Ct));
        using (var content = new MemoryStream(blob))
        {
            await client.UploadBlobAsync(repository, digest, blob.Length, content, Ct);
        }

        Assert.IsTrue(await client.BlobExistsAsync(repository, digest, Ct));
        await using var unreadable = new UnreadableStream();
        await client.UploadBlobAsync(repository, digest, blob.Length, unreadable, Ct);
    }

    [TestMethod]
    public async Task UploadBlob_WithRelativeLocation_Works()
    {
        await using var relative = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        using var client = NewClient();
        var repository = Reference(relative, "relative/upload");
        byte[] blob = RandomNumberGenerator.GetBytes(1000);
        using var content = new MemoryStream(blob);

        await client.UploadBlobAsync(repository, Digest.Sha256(blob), blob.Length, content, Ct);

        Assert.IsTrue(await client.BlobExistsAsync(repository, Digest.Sha256(blob), Ct));
    }

    [TestMethod]
    [DataRow(MediaTypes.OciManifest, "oci")]
    [DataRow(MediaTypes.DockerManifest, "docker")]
    public async Task PushedImage_GetsAndResolvesWithTheSameDigest(string mediaType, string repositoryName)
    {
        using var client = NewClient();
        var target = Reference(s_registry, "roundtrip/" + repositoryName, "v1");
        var image = SampleImage.Create(mediaType, Platform.Host);

        var pushed = await image.PushAsync(client, target, Ct);
        var fetched = await client.GetManifestAsync(target, Ct);
        var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);
        var byDigest = await client.ResolveImageAsync(target.WithDigest(pushed), Platform.Host, Ct);

        Assert.AreEqual(image.ManifestDigest, pushed);
        Assert.AreEqual(pushed, fetched.Digest);
        Assert.AreEqual(mediaType, fetched.MediaType);
        CollectionAssert.AreEqual(image.ManifestBytes, fetched.Bytes);
        Assert.AreEqual(pushed, resolved.ManifestDigest);
        Assert.AreEqual(pushed, resolved.Reference.Digest);
        Assert.AreEqual(mediaType, resolved.Manifest.MediaType);
        CollectionAssert.AreEqual(image.ConfigBytes, resolved.ConfigBytes);
        Assert.AreEqual(Platform.Host.Architecture, resolved.Config.Architecture);
        Assert.AreEqual(image.LayerDescriptor.Digest, resolved.Manifest.Layers.Single().Digest);
        Assert.AreEqual(pushed, byDigest.ManifestDigest);
    }

    [TestMethod]
    public async Task ManifestWithoutMediaTypeField_IsInferredFromItsShape()
    {
        using var client = NewClient();
        var target = Reference(s_registry, "umoci/style");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, writeMediaTypeField: false);
        await image.PushAsync(client, target, Ct);

        var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);

        Assert.AreEqual(MediaTypes.OciManifest, resolved.Manifest.MediaType);
        Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
    }

    [TestMethod]
    public async Task DownloadBlob_StreamsTheVerifiedContent()
    {
        using var client = NewClient();
        var repository = Reference(s_registry, "blobs/download");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        await image.PushBlobsAsync(client, repository, Ct);
        using var destination = new MemoryStream();

        await client.DownloadBlobAsync(repository, image.LayerDescriptor, destination, Ct);

        CollectionAssert.AreEqual(image.Layer, destination.ToArray());
    }

    [TestMethod]
    public async Task DownloadBlob_LongerThanItsDescriptorSays_FailsVerification()
    {
        using var client = NewClient();
        var repository = Reference(s_registry, "blobs/short-descriptor");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        await image.PushBlobsAsync(client, repository, Ct);
        var wrong = new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = image.LayerDescriptor.Digest, Size = image.Layer.Length - 1 };
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.DownloadBlobAsync(repository, wrong, destination, Ct));

        Assert.AreEqual("KANIKO1103", error.Code);
        Assert.AreEqual(s_registry.Host, error.Registry);
        StringAssert.Contains(error.Message, image.LayerDescriptor.Digest.ToString());
        StringAssert.Contains(error.Message, "longer than");
    }

    [TestMethod]
    public async Task Index_WithTwoPlatforms_ResolvesToTheHostOne()
    {
        using var client = NewClient();
        var target = Reference(s_registry, "multi/arch");
        var other = Platform.Host.Architecture == "s390x" ? new Platform("linux", "amd64") : new Platform("linux", "s390x");
        var hostImage = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        var otherImage = SampleImage.Create(MediaTypes.OciManifest, other);
        await otherImage.PushAsync(client, target.WithDigest(otherImage.ManifestDigest).WithTag("other"), Ct);
        await hostImage.PushAsync(client, target.WithTag("host"), Ct);
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = [otherImage.DescriptorFor(other), hostImage.DescriptorFor(Platform.Host)],
        };
        var indexDigest = await client.PutManifestAsync(target, MediaTypes.OciIndex, index.ToJson(), Ct);

        var fetched = await client.GetManifestAsync(target, Ct);
        var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);

        Assert.AreEqual(MediaTypes.OciIndex, fetched.MediaType);
        Assert.AreEqual(indexDigest, fetched.Digest);
        Assert.AreEqual(hostImage.ManifestDigest, resolved.ManifestDigest);
        Assert.AreEqual(Platform.Host.Architecture, resolved.Config.Architecture);
        Assert.AreEqual(otherImage.ManifestDigest, (await client.ResolveImageAsync(target, other, Ct)).ManifestDigest);

        var missing = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.ResolveImageAsync(target, new Platform("linux", "mips64le"), Ct));
        Assert.AreEqual("KANIKO1104", missing.Code);
        StringAssert.Contains(missing.Message, "linux/mips64le");
        StringAssert.Contains(missing.Message, Platform.Host.ToString());
        StringAssert.Contains(missing.Message, other.ToString());
    }

    [TestMethod]
    public async Task MissingTag_Throws404_NamingTheRegistry()
    {
        using var client = NewClient();
        var reference = Reference(s_registry, "nothing/here", "missing");

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(reference, Ct));

        Assert.AreEqual(404, error.StatusCode);
        Assert.AreEqual("KANIKO1101", error.Code);
        Assert.AreEqual(s_registry.Host, error.Registry);
        StringAssert.Contains(error.Message, s_registry.Host);
        StringAssert.Contains(error.Message, "404");
        StringAssert.Contains(error.Message, "check that the repository and the tag or digest exist", StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    public async Task UnreachableRegistry_ThrowsAskingWhetherItRuns()
    {
        using var client = new RegistryClient(new RegistrySettings { RetryBaseDelay = TimeSpan.FromMilliseconds(10) }, NullLogger.Instance);
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse($"127.0.0.1:{port}/x"), Ct));

        Assert.AreEqual("KANIKO1102", error.Code);
        Assert.IsNull(error.StatusCode);
        StringAssert.Contains(error.Message, "Is the registry running");
        StringAssert.Contains(error.Message, $"127.0.0.1:{port}");
    }

    [TestMethod]
    public async Task Skopeo_InspectsOurPushedImage_WithTheSameDigest()
    {
        using var client = NewClient();
        var target = Reference(s_registry, "crosscheck/skopeo", "1.0");
        var pushed = await SampleImage.Create(MediaTypes.DockerManifest, Platform.Host).PushAsync(client, target, Ct);

        using var inspected = await Skopeo.InspectAsync(s_registry, "crosscheck/skopeo:1.0", ct: Ct);

        Assert.AreEqual(pushed.ToString(), inspected.RootElement.GetProperty("Digest").GetString());
        Assert.AreEqual(Platform.Host.Architecture, inspected.RootElement.GetProperty("Architecture").GetString());
    }

    [TestMethod]
    public async Task UmociImage_CopiedBySkopeo_ResolvesWithUmocisDigest()
    {
        using var client = NewClient();
        var target = Reference(s_registry, "crosscheck/umoci", "t");
        using var layout = TemporaryDirectory.Create("umoci");
        string image = layout.Combine("image");
        await ProcessRunner.RunAsync("umoci", ["init", "--layout", image], cancellationToken: Ct);
        await ProcessRunner.RunAsync("umoci", ["new", "--image", image + ":t"], cancellationToken: Ct);
        await Skopeo.CopyFromOciLayoutAsync(image, "t", s_registry, "crosscheck/umoci:t", "oci", Ct);
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(image, "index.json"), Ct));
        var umociDigest = Digest.Parse(index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!);

        var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);

        Assert.AreEqual(umociDigest, resolved.ManifestDigest);
        Assert.AreEqual(MediaTypes.OciManifest, resolved.Manifest.MediaType);
        Assert.AreEqual("linux", resolved.Config.Os);
    }

    private static RegistryClient NewClient() => new(new RegistrySettings(), NullLogger.Instance);

    private static ImageReference Reference(RegistryServer registry, string repository, string tag = "latest")
        => ImageReference.Parse($"{registry.Host}/{repository}:{tag}");
}
