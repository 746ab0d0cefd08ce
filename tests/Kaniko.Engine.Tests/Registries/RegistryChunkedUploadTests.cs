using System.Security.Cryptography;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Chunked uploads against the real registry, shaped and broken by the fault-injecting proxy.</summary>
[TestClass]
public sealed class RegistryChunkedUploadTests
{
    private const int MiB = 1024 * 1024;

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task ConfiguredChunkSize_UploadsPatchesWithContentRange_ThenClosingPut()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var client = new RegistryClient(new RegistrySettings { UploadChunkSize = MiB }, NullLogger.Instance);
        var repository = ImageReference.Parse($"{proxy.Host}/chunked/configured:1");
        var blob = RandomNumberGenerator.GetBytes((5 * MiB) / 2);

        await UploadAsync(client, repository, blob);

        var uploads = proxy.Requests.Where(r => r.Method is "PATCH" or "PUT").ToList();
        CollectionAssert.AreEqual(new long[] { MiB, MiB, MiB / 2 }, uploads.Where(r => r.Method == "PATCH").Select(r => r.ContentLength).ToList(), string.Join("\n", uploads));
        Assert.AreEqual(("PUT", 0L), (uploads[^1].Method, uploads[^1].ContentLength));
        StringAssert.Contains(uploads[^1].PathAndQuery, "digest=sha256");
        await AssertStoredAsync(client, repository, blob);
    }

    [TestMethod]
    public async Task MonolithicUploadRefusedAsTooLarge_IsSentInChunksSmallEnoughForTheLimit()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(RejectBodiesLargerThan: 1_000_000));
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var repository = ImageReference.Parse($"{proxy.Host}/chunked/limited:1");
        var blob = RandomNumberGenerator.GetBytes(3 * MiB);

        await UploadAsync(client, repository, blob);

        var requests = proxy.Requests;
        Assert.IsTrue(requests.Any(r => r.Method == "PUT" && r.Fault == "413" && r.ContentLength == blob.Length), string.Join("\n", requests));
        var accepted = requests.Where(r => r.Method == "PATCH" && r.Fault == "none").ToList();
        Assert.AreEqual(blob.Length, accepted.Sum(r => r.ContentLength), string.Join("\n", requests));
        Assert.IsTrue(accepted.All(r => r.ContentLength <= 1_000_000));
        await AssertStoredAsync(client, repository, blob);
    }

    [TestMethod]
    public async Task ChunkBrokenMidway_ResumesFromTheRegistrysRange_InTheSameSession()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(BreakPatchRequests: [2, 4]));
        using var client = new RegistryClient(ChunkedSettings(MiB), NullLogger.Instance);
        var repository = ImageReference.Parse($"{proxy.Host}/chunked/resumed:1");
        var blob = RandomNumberGenerator.GetBytes((7 * MiB) / 2);

        await UploadAsync(client, repository, blob);

        var requests = proxy.Requests;
        var log = string.Join("\n", requests);
        Assert.AreEqual(2, requests.Count(r => r.Fault == "break-upload"), log);
        Assert.AreEqual(1, requests.Count(r => r.Method == "POST"), "the session was resumed, not restarted\n" + log);
        Assert.AreEqual(2, requests.Count(r => r.Method == "GET" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)), log);
        Assert.AreEqual(6, requests.Count(r => r.Method == "PATCH"), log);
        await AssertStoredAsync(client, repository, blob);
    }

    [TestMethod]
    public async Task ChunkPartlyStoredBeforeTheBreak_SessionTheRegistryWillNotResume_IsStartedAgain()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(CutPatchRequests: [2]));
        using var client = new RegistryClient(ChunkedSettings(MiB), NullLogger.Instance);
        var repository = ImageReference.Parse($"{proxy.Host}/chunked/restarted:1");
        var blob = RandomNumberGenerator.GetBytes(3 * MiB);

        await UploadAsync(client, repository, blob);

        var requests = proxy.Requests;
        Assert.AreEqual(1, requests.Count(r => r.Fault == "cut-upload"), string.Join("\n", requests));
        await AssertStoredAsync(client, repository, blob);
    }

    private static RegistrySettings ChunkedSettings(long chunkSize)
        => new() { UploadChunkSize = chunkSize, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };

    [TestMethod]
    public async Task ChunkedUpload_UnderResetsAndServerErrors_Succeeds()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions(RelativeUrls: true), Ct);
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan(ResetProbability: 0.2, ServerErrorProbability: 0.1, Seed: 7));
        var settings = new RegistrySettings { UploadChunkSize = MiB / 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10), PushRetries = 8, PullRetries = 8 };
        using var client = new RegistryClient(settings, NullLogger.Instance);
        var repository = ImageReference.Parse($"{proxy.Host}/chunked/faulty:1");
        var blob = RandomNumberGenerator.GetBytes(4 * MiB);

        await UploadAsync(client, repository, blob);

        Assert.IsTrue(proxy.Requests.Any(r => r.Method == "PATCH" && r.Fault != "none"), "faults hit the chunks");
        await AssertStoredAsync(client, repository, blob);
    }

    private async Task UploadAsync(RegistryClient client, ImageReference repository, byte[] blob)
    {
        using var content = new MemoryStream(blob, writable: false);
        await client.UploadBlobAsync(repository, Digest.Sha256(blob), blob.Length, content, Ct);
    }

    private async Task AssertStoredAsync(RegistryClient client, ImageReference repository, byte[] blob)
    {
        using var downloaded = new MemoryStream();
        await client.DownloadBlobAsync(repository, new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256(blob), Size = blob.Length }, downloaded, Ct);
        Assert.AreEqual(Digest.Sha256(blob), Digest.Sha256(downloaded.ToArray()));
    }
}
