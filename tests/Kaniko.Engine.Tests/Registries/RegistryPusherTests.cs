using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Pushing to several destinations and pushing indexes, counted by the proxy and checked by skopeo.</summary>
[TestClass]
public sealed class RegistryPusherTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task SeveralDestinationsOnOneRegistry_UploadEachBlobOnce()
    {
        using var folder = new TestFolder();
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerCount: 3).ToLocalImage(folder.Path);
        ImageReference[] destinations =
        [
            ImageReference.Parse($"{proxy.Host}/team/app:1"),
            ImageReference.Parse($"{proxy.Host}/other/app:1"),
            ImageReference.Parse($"{proxy.Host}/team/app:latest"),
        ];

        var digests = await RegistryPusher.PushAllAsync(client, image, destinations, NullLogger.Instance, Ct);

        Assert.IsTrue(digests.All(d => d == image.ManifestDigest));
        var requests = proxy.Requests;
        var log = string.Join("\n", requests);
        var uploads = requests.Where(r => r.Method is "PUT" or "PATCH" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal) && r.ContentLength > 0).ToList();
        Assert.AreEqual(4, uploads.Count, "three layers and the config, once each\n" + log);
        Assert.AreEqual(4, requests.Count(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/v2/other/app/", StringComparison.Ordinal) && r.PathAndQuery.Contains("from=team%2Fapp", StringComparison.Ordinal)), log);
        Assert.AreEqual(3, requests.Count(r => r.Method == "PUT" && r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)), log);
        foreach (var destination in destinations)
        {
            using var pulled = new MemoryStream();
            await client.DownloadBlobAsync(destination, image.Layers[2].Descriptor, pulled, Ct);
        }
    }

    [TestMethod]
    [DataRow(MediaTypes.OciManifest, MediaTypes.OciIndex)]
    [DataRow(MediaTypes.DockerManifest, MediaTypes.DockerManifestList)]
    public async Task IndexOfTwoPlatforms_IsPushed_SkopeoSeesIt_AndEachPlatformResolves(string manifestType, string indexType)
    {
        using var folder = new TestFolder();
        await using var registry = await RegistryServer.StartAsync(cancellationToken: Ct);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var amd64 = SampleImage.Create(manifestType, Platform.Parse("linux/amd64"), layerCount: 2).ToLocalImage(folder.Path);
        var arm64 = SampleImage.Create(manifestType, Platform.Parse("linux/arm64/v8"), layerCount: 2).ToLocalImage(folder.Path);
        var destination = ImageReference.Parse($"{registry.Host}/multi/app:1");

        var digest = await RegistryPusher.PushIndexAsync(client, [amd64, arm64], destination, NullLogger.Instance, Ct);

        using var raw = await Skopeo.InspectAsync(registry, "multi/app:1", raw: true, ct: Ct);
        Assert.AreEqual(indexType, raw.RootElement.GetProperty("mediaType").GetString());
        var manifests = raw.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "amd64", "arm64" }, manifests.Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ToList());
        Assert.AreEqual(arm64.ManifestDigest.ToString(), manifests[1].GetProperty("digest").GetString());
        Assert.AreEqual(digest, (await client.GetManifestAsync(destination, Ct)).Digest);

        var resolved = await client.ResolveImageAsync(destination, Platform.Parse("linux/arm64"), Ct);
        Assert.AreEqual(arm64.ManifestDigest, resolved.ManifestDigest);
        Assert.AreEqual("arm64", resolved.Config.Architecture);
        var absent = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.ResolveImageAsync(destination, Platform.Parse("linux/s390x"), Ct));
        Assert.AreEqual(RegistryFailures.NoMatchingPlatform, absent.Code);
        StringAssert.Contains(absent.Message, "linux/arm64/v8");
    }

    [TestMethod]
    public async Task IndexOverPushedImages_NamesEachAsTheRegistryHasIt_UnderEveryDestination_WithoutPushingAnyBlob()
    {
        using var folder = new TestFolder();
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var amd64 = SampleImage.Create(MediaTypes.DockerManifest, Platform.Parse("linux/amd64"), layerCount: 1).ToLocalImage(folder.Path);
        var arm64 = SampleImage.Create(MediaTypes.DockerManifest, Platform.Parse("linux/arm64/v8"), layerCount: 1).ToLocalImage(folder.Path);
        await RegistryPusher.PushAsync(client, amd64, ImageReference.Parse($"{registry.Host}/multi/app:1-linux-x64"), NullLogger.Instance, Ct);
        await RegistryPusher.PushAsync(client, arm64, ImageReference.Parse($"{registry.Host}/multi/app:1-linux-arm64"), NullLogger.Instance, Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        (ImageReference, Platform)[] pushed =
        [
            (ImageReference.Parse($"{proxy.Host}/multi/app@{amd64.ManifestDigest}"), Platform.Parse("linux/amd64")),
            (ImageReference.Parse($"{proxy.Host}/multi/app@{arm64.ManifestDigest}"), Platform.Parse("linux/arm64/v8")),
        ];

        var digest = await RegistryPusher.PushIndexOverPushedAsync(
            client, pushed, [ImageReference.Parse($"{proxy.Host}/multi/app:1"), ImageReference.Parse($"{proxy.Host}/multi/app:latest")], NullLogger.Instance, Ct);

        Assert.IsFalse(proxy.Requests.Any(r => r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal)), string.Join("\n", proxy.Requests));
        foreach (var tag in new[] { "1", "latest" })
        {
            using var raw = await Skopeo.InspectAsync(registry, $"multi/app:{tag}", raw: true, ct: Ct);
            Assert.AreEqual(MediaTypes.DockerManifestList, raw.RootElement.GetProperty("mediaType").GetString(), "every image is Docker's");
            var manifests = raw.RootElement.GetProperty("manifests").EnumerateArray().ToList();
            CollectionAssert.AreEqual(new[] { amd64.ManifestDigest.ToString(), arm64.ManifestDigest.ToString() }, manifests.Select(m => m.GetProperty("digest").GetString()).ToList());
            Assert.AreEqual("v8", manifests[1].GetProperty("platform").GetProperty("variant").GetString());
            Assert.AreEqual(digest, (await client.GetManifestAsync(ImageReference.Parse($"{registry.Host}/multi/app:{tag}"), Ct)).Digest);
        }
    }
}
