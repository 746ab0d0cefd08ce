using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Cross-repository mounts and skipped blobs, counted by a proxy in front of a real registry.</summary>
[TestClass]
public sealed class RegistryMountTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task BlobInAnotherRepository_IsMounted_NotUploaded()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var source = ImageReference.Parse($"{proxy.Host}/base/image:1");
        var destination = ImageReference.Parse($"{proxy.Host}/app/image:1");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host);
        await image.PushAsync(client, source, Ct);
        proxy.ClearRequests();

        await using (var unreadable = new UnreadableStream())
        {
            await client.UploadBlobAsync(destination, image.LayerDescriptor.Digest, image.Layer.Length, unreadable, source, Ct);
        }

        Assert.IsTrue(await client.BlobExistsAsync(destination, image.LayerDescriptor.Digest, Ct));
        var requests = proxy.Requests;
        Assert.IsTrue(requests.Any(r => r.Method == "POST" && r.PathAndQuery.Contains("mount=sha256", StringComparison.Ordinal) && r.PathAndQuery.Contains("from=base%2Fimage", StringComparison.Ordinal)), string.Join("\n", requests));
        Assert.IsFalse(requests.Any(r => r.Method is "PUT" or "PATCH"), "nothing was uploaded");
    }

    [TestMethod]
    public async Task MountDeclined_FallsBackToUploading()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var destination = ImageReference.Parse($"{registry.Host}/app/declined:1");
        byte[] blob = System.Security.Cryptography.RandomNumberGenerator.GetBytes(5000);
        using var content = new MemoryStream(blob);

        await client.UploadBlobAsync(destination, Digest.Sha256(blob), blob.Length, content, ImageReference.Parse($"{registry.Host}/nowhere/base:1"), Ct);

        using var downloaded = new MemoryStream();
        await client.DownloadBlobAsync(destination, new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256(blob), Size = blob.Length }, downloaded, Ct);
        CollectionAssert.AreEqual(blob, downloaded.ToArray());
    }

    [TestMethod]
    public async Task SecondPushOfTheSameImage_UploadsNoBlob()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var target = ImageReference.Parse($"{proxy.Host}/again/image:1");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerCount: 3);
        await image.PushAsync(client, target, Ct);
        proxy.ClearRequests();

        Assert.AreEqual(image.ManifestDigest, await image.PushAsync(client, target, Ct));

        var requests = proxy.Requests.Where(r => r.Method != "TLS").ToList();
        Assert.AreEqual(4, requests.Count(r => r.Method == "HEAD"), string.Join("\n", requests));
        Assert.IsFalse(requests.Any(r => r.Method == "POST" || (r.Method == "PUT" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal))), string.Join("\n", requests));
    }
}
