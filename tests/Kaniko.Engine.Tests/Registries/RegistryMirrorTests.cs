using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Docker Hub mirrors and registry maps, with real registries standing in for each.</summary>
[TestClass]
public sealed class RegistryMirrorTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task DockerHubImage_IsPulledFromTheFirstMirrorThatHasIt()
    {
        await using var empty = await RegistryServer.StartAsync(cancellationToken: Ct);
        await using var mirror = await RegistryServer.StartAsync(cancellationToken: Ct);
        var image = await SeedAsync(mirror, "library/app:1");
        using var client = new RegistryClient(new RegistrySettings { RegistryMirrors = [empty.Host, mirror.Host] }, NullLogger.Instance);

        var resolved = await client.ResolveImageAsync(ImageReference.Parse("app:1"), Platform.Host, Ct);

        Assert.AreEqual(mirror.Host, resolved.Reference.Registry);
        Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
        await AssertLayerDownloadsAsync(client, resolved, image);
    }

    [TestMethod]
    public async Task MirrorWithAPath_PrefixesTheRepository()
    {
        await using var mirror = await RegistryServer.StartAsync(cancellationToken: Ct);
        var image = await SeedAsync(mirror, "hub-cache/library/app:1");
        using var client = new RegistryClient(new RegistrySettings { RegistryMirrors = [$"{mirror.Host}/hub-cache"] }, NullLogger.Instance);

        var resolved = await client.ResolveImageAsync(ImageReference.Parse("docker.io/library/app:1"), Platform.Host, Ct);

        Assert.AreEqual($"{mirror.Host}/hub-cache/library/app", resolved.Reference.Name);
        Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
    }

    [TestMethod]
    public async Task RegistryMap_TriesTargetsInOrder_ThenTheSource()
    {
        await using var source = await RegistryServer.StartAsync(cancellationToken: Ct);
        await using var empty = await RegistryServer.StartAsync(cancellationToken: Ct);
        await using var target = await RegistryServer.StartAsync(cancellationToken: Ct);
        var atSource = await SeedAsync(source, "team/app:1");
        var atTarget = await SeedAsync(target, "team/app:1");
        var reference = ImageReference.Parse($"{source.Host}/team/app:1");

        var maps = PullSources.ParseRegistryMaps([$"{source.Host}={empty.Host}", $"{source.Host}={target.Host}"]);
        using (var mapped = new RegistryClient(new RegistrySettings { RegistryMaps = maps }, NullLogger.Instance))
        {
            var resolved = await mapped.ResolveImageAsync(reference, Platform.Host, Ct);
            Assert.AreEqual(target.Host, resolved.Reference.Registry);
            Assert.AreEqual(atTarget.ManifestDigest, resolved.ManifestDigest);
        }

        var onlyEmpty = PullSources.ParseRegistryMaps([$"{source.Host}={empty.Host}"]);
        using (var fallingBack = new RegistryClient(new RegistrySettings { RegistryMaps = onlyEmpty }, NullLogger.Instance))
        {
            var resolved = await fallingBack.ResolveImageAsync(reference, Platform.Host, Ct);
            Assert.AreEqual(source.Host, resolved.Reference.Registry);
            Assert.AreEqual(atSource.ManifestDigest, resolved.ManifestDigest);
        }
    }

    [TestMethod]
    [DataRow("no-equals-sign")]
    [DataRow("=target.example.com")]
    [DataRow("source.example.com=")]
    public void MalformedRegistryMap_SaysTheForm(string value)
    {
        var error = Assert.ThrowsExactly<RegistryException>(() => PullSources.ParseRegistryMaps([value]));
        StringAssert.Contains(error.Message, "FROM=TO");
    }

    private async Task<SampleImage> SeedAsync(RegistryServer registry, string repositoryAndTag)
    {
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerCount: 2);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        await image.PushAsync(client, ImageReference.Parse($"{registry.Host}/{repositoryAndTag}"), Ct);
        return image;
    }

    private async Task AssertLayerDownloadsAsync(RegistryClient client, ResolvedImage resolved, SampleImage image)
    {
        using var layer = new MemoryStream();
        await client.DownloadBlobAsync(resolved.Reference, resolved.Manifest.Layers[1], layer, Ct);
        CollectionAssert.AreEqual(image.Layers[1], layer.ToArray());
    }
}
