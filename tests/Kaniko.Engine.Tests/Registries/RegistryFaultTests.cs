using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Push and pull through a proxy that resets, fails, throttles, truncates and corrupts, in front of a real registry.</summary>
[TestClass]
public sealed class RegistryFaultTests
{
    private static readonly RegistrySettings Patient = new()
    {
        PushRetries = 10,
        PullRetries = 10,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task HundredMegabyteImage_PushesAndPulls_Under20PercentResetsAnd10Percent5xx()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(ResetProbability: 0.2, ServerErrorProbability: 0.1, Seed: 20));
        var target = ImageReference.Parse($"{proxy.Host}/faults/big:1");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerCount: 5, layerSize: 20 * 1024 * 1024);

        using (var client = new RegistryClient(Patient, NullLogger.Instance))
        {
            Assert.AreEqual(image.ManifestDigest, await image.PushAsync(client, target, Ct));
        }

        using (var client = new RegistryClient(Patient, NullLogger.Instance))
        {
            var resolved = await client.ResolveImageAsync(target, Platform.Host, Ct);
            Assert.AreEqual(image.ManifestDigest, resolved.ManifestDigest);
            for (int i = 0; i < image.Layers.Count; i++)
            {
                using var layer = new MemoryStream();
                await client.DownloadBlobAsync(target, image.LayerDescriptors[i], layer, Ct);
                Assert.IsTrue(layer.GetBuffer().AsSpan(0, (int)layer.Length).SequenceEqual(image.Layers[i]), $"layer {i}");
            }
        }

        var faults = proxy.Requests.GroupBy(r => r.Fault).ToDictionary(g => g.Key, g => g.Count());
        Assert.IsGreaterThan(0, faults.GetValueOrDefault("reset"), "connections were reset");
        Assert.IsGreaterThan(0, faults.GetValueOrDefault("500") + faults.GetValueOrDefault("503"), "5xx were answered");
        Assert.IsTrue(proxy.Requests.Any(r => r is { Method: "PUT", Fault: not "none" }), "an upload failed and was started over");
    }

    [TestMethod]
    public async Task ThrottledAndTruncated_StillPull()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        var target = ImageReference.Parse($"{proxy.Host}/faults/throttled:1");
        var image = SampleImage.Create(MediaTypes.DockerManifest, Platform.Host, layerCount: 3, layerSize: 256 * 1024);
        using (var client = new RegistryClient(Patient, NullLogger.Instance))
        {
            await image.PushAsync(client, target, Ct);
        }

        proxy.Plan = new FaultPlan(TooManyRequestsProbability: 0.2, TruncateProbability: 0.3, Seed: 7);
        using (var client = new RegistryClient(Patient, NullLogger.Instance))
        {
            await client.ResolveImageAsync(target, Platform.Host, Ct);
            foreach (var (descriptor, bytes) in image.LayerDescriptors.Zip(image.Layers))
            {
                using var layer = new MemoryStream();
                await client.DownloadBlobAsync(target, descriptor, layer, Ct);
                CollectionAssert.AreEqual(bytes, layer.ToArray());
            }
        }

        Assert.IsTrue(proxy.Requests.Any(r => r.Fault == "truncate"), "bodies were cut short");
    }

    [TestMethod]
    public async Task CorruptedBlob_IsNeverAccepted_AndFailsWithDigestMismatchAfterRetries()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        var target = ImageReference.Parse($"{proxy.Host}/faults/corrupt:1");
        var image = SampleImage.Create(MediaTypes.OciManifest, Platform.Host, layerSize: 100_000);
        using var client = new RegistryClient(Patient with { PullRetries = 2 }, NullLogger.Instance);
        await image.PushAsync(client, target, Ct);

        proxy.Plan = new FaultPlan(CorruptBlobDownloads: 1);
        using (var once = new MemoryStream())
        {
            await client.DownloadBlobAsync(target, image.LayerDescriptor, once, Ct);
            CollectionAssert.AreEqual(image.Layer, once.ToArray(), "one corrupted download is retried");
        }

        proxy.Plan = new FaultPlan(CorruptBlobDownloads: -1);
        using var always = new MemoryStream();
        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.DownloadBlobAsync(target, image.LayerDescriptor, always, Ct));

        Assert.AreEqual("KANIKO1103", error.Code);
        StringAssert.Contains(error.Message, image.LayerDescriptor.Digest.ToString());
        Assert.AreEqual(4, proxy.Requests.Count(r => r.Fault == "corrupt"), "1 then 3 corrupted answers (the first try and 2 retries)");
    }

    [TestMethod]
    public async Task RegistryDown_FailsClearly_WithinTheRetryBudget()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(ServerErrorProbability: 1));
        using var client = new RegistryClient(Patient with { PullRetries = 3 }, NullLogger.Instance);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse($"{proxy.Host}/faults/down:1"), Ct));

        Assert.IsLessThan(TimeSpan.FromSeconds(10), clock.Elapsed);
        Assert.IsTrue(error.StatusCode is 500 or 503, error.Message);
        StringAssert.Contains(error.Message, proxy.Host);
        StringAssert.Contains(error.Message, "faults/down");
        StringAssert.Contains(error.Message, "retry later");
        Assert.HasCount(4, proxy.Requests);
    }
}
