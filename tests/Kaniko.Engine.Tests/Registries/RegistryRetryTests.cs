using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>Retries of single requests and restarts of whole blob transfers (scripted transport).</summary>
[TestClass]
public sealed class RegistryRetryTests
{
    private static readonly byte[] ManifestBytes =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1},"layers":[]}"""u8.ToArray();

    private static readonly RegistrySettings Fast = new() { RetryBaseDelay = TimeSpan.FromMilliseconds(1) };

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    [DataRow(HttpStatusCode.InternalServerError)]
    [DataRow(HttpStatusCode.BadGateway)]
    [DataRow(HttpStatusCode.ServiceUnavailable)]
    [DataRow(HttpStatusCode.GatewayTimeout)]
    [DataRow(HttpStatusCode.TooManyRequests)]
    public async Task TransientStatus_IsRetried_ThenSucceeds(HttpStatusCode status)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Status(status), _ => Manifest());
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);

        var response = await client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), Ct);

        Assert.AreEqual(Digest.Sha256(ManifestBytes), response.Digest);
        Assert.HasCount(2, handler.Requests);
    }

    [TestMethod]
    public async Task ConnectionReset_IsRetried_ThenSucceeds()
    {
        var handler = new RecordingHandler(
            _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection reset by peer"),
            _ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"),
            _ => Manifest());
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);

        var response = await client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), Ct);

        Assert.AreEqual(Digest.Sha256(ManifestBytes), response.Digest);
        Assert.HasCount(3, handler.Requests);
    }

    [TestMethod]
    public async Task RetryAfter_IsHonoured()
    {
        var handler = new RecordingHandler(
            _ =>
            {
                var busy = RecordingHandler.Status(HttpStatusCode.TooManyRequests);
                busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return busy;
            },
            _ => Manifest());
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);
        var clock = Stopwatch.StartNew();

        await client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), Ct);

        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), clock.Elapsed);
        Assert.HasCount(2, handler.Requests);
    }

    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(2, 3)]
    public async Task Retries_AreBoundedByTheSetting_AndTheErrorKeepsTheDetails(int retries, int expectedRequests)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("""{"errors":[{"code":"UNAVAILABLE","message":"down for maintenance"}]}"""),
        });
        using var client = new RegistryClient(Fast with { PullRetries = retries }, NullLogger.Instance, handler);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), Ct));

        Assert.HasCount(expectedRequests, handler.Requests);
        Assert.AreEqual(503, error.StatusCode);
        Assert.AreEqual("UNAVAILABLE", error.ErrorCode);
        StringAssert.Contains(error.Message, "get manifest quay.io/a/b:1");
        StringAssert.Contains(error.Message, "retry later");
    }

    [TestMethod]
    [DataRow(HttpStatusCode.NotFound)]
    [DataRow(HttpStatusCode.Forbidden)]
    [DataRow(HttpStatusCode.BadRequest)]
    public async Task Refusals_AreNotRetried(HttpStatusCode status)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Status(status));
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);

        await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), Ct));

        Assert.HasCount(1, handler.Requests);
    }

    [TestMethod]
    public async Task FailedUpload_StartsANewSession_AndSendsTheWholeBlobAgain()
    {
        byte[] blob = "a layer's bytes"u8.ToArray();
        var bodies = new List<byte[]>();
        HttpResponseMessage Put(HttpRequestMessage request, HttpStatusCode status)
        {
            bodies.Add(request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult());
            return RecordingHandler.Status(status);
        }

        var handler = new RecordingHandler(
            _ => RecordingHandler.Status(HttpStatusCode.NotFound),
            _ => Accepted("/v2/a/b/blobs/uploads/1"),
            request => Put(request, HttpStatusCode.InternalServerError),
            _ => Accepted("/v2/a/b/blobs/uploads/2"),
            request => Put(request, HttpStatusCode.Created));
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);
        using var content = new MemoryStream(blob);

        await client.UploadBlobAsync(ImageReference.Parse("quay.io/a/b"), Digest.Sha256(blob), blob.Length, content, Ct);

        CollectionAssert.AreEqual(
            new[] { "HEAD", "POST", "PUT", "POST", "PUT" },
            handler.Requests.Select(r => r.Method.Method).ToList());
        StringAssert.StartsWith(handler.Requests[4].Uri.PathAndQuery, "/v2/a/b/blobs/uploads/2?digest=");
        Assert.HasCount(2, bodies);
        CollectionAssert.AreEqual(blob, bodies[1], "the second attempt sends the blob from its start");
    }

    [TestMethod]
    public async Task CorruptedDownload_IsFetchedAgain_AndOnlyTheGoodBytesRemain()
    {
        byte[] blob = "the real layer"u8.ToArray();
        byte[] corrupted = (byte[])blob.Clone();
        corrupted[3] ^= 0x20;
        var handler = new RecordingHandler(_ => Blob(corrupted), _ => Blob(blob));
        using var client = new RegistryClient(Fast, NullLogger.Instance, handler);
        using var destination = new MemoryStream();

        await client.DownloadBlobAsync(ImageReference.Parse("quay.io/a/b"), Descriptor(blob), destination, Ct);

        CollectionAssert.AreEqual(blob, destination.ToArray());
        Assert.HasCount(2, handler.Requests);
    }

    [TestMethod]
    public async Task AlwaysCorruptedDownload_FailsWithDigestMismatch_AfterTheRetries()
    {
        byte[] blob = "the real layer"u8.ToArray();
        byte[] corrupted = (byte[])blob.Clone();
        corrupted[0] ^= 0x01;
        var handler = new RecordingHandler(_ => Blob(corrupted));
        using var client = new RegistryClient(Fast with { PullRetries = 2 }, NullLogger.Instance, handler);
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.DownloadBlobAsync(ImageReference.Parse("quay.io/a/b"), Descriptor(blob), destination, Ct));

        Assert.AreEqual("KANIKO1103", error.Code);
        StringAssert.Contains(error.Message, Digest.Sha256(blob).ToString());
        Assert.HasCount(3, handler.Requests);
    }

    [TestMethod]
    public async Task StalledDownload_TimesOutPerRead_AndFailsNamingTheInactivity()
    {
        byte[] blob = new byte[1000];
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new StallingStream(blob[..100])),
        });
        var settings = Fast with { PullRetries = 1, InactivityTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = new RegistryClient(settings, NullLogger.Instance, handler);
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.DownloadBlobAsync(ImageReference.Parse("quay.io/a/b"), Descriptor(blob), destination, Ct));

        Assert.AreEqual("KANIKO1102", error.Code);
        StringAssert.Contains(error.Message, "sent nothing");
        Assert.HasCount(2, handler.Requests, "the stalled download was started over once");
        Assert.AreEqual(100, destination.Length, "the retry rewound the destination instead of appending to the first attempt");
    }

    [TestMethod]
    public void Backoff_GrowsExponentially_WithJitter_AndRetryAfterWins()
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        for (int i = 0; i < 50; i++)
        {
            var first = RetryDelays.Before(1, baseDelay);
            var third = RetryDelays.Before(3, baseDelay);
            Assert.IsTrue(first >= TimeSpan.FromMilliseconds(50) && first <= TimeSpan.FromMilliseconds(100), first.ToString());
            Assert.IsTrue(third >= TimeSpan.FromMilliseconds(200) && third <= TimeSpan.FromMilliseconds(400), third.ToString());
        }

        Assert.AreEqual(TimeSpan.FromSeconds(7), RetryDelays.Before(1, baseDelay, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7))));
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(30), RetryDelays.Before(30, baseDelay));
    }

    private static HttpResponseMessage Manifest()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ManifestBytes) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OciManifest);
        return response;
    }

    private static HttpResponseMessage Blob(byte[] bytes) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };

    private static Descriptor Descriptor(byte[] blob) => new() { MediaType = MediaTypes.OciLayerGzip, Digest = Digest.Sha256(blob), Size = blob.Length };

    private static HttpResponseMessage Accepted(string location)
    {
        var accepted = RecordingHandler.Status(HttpStatusCode.Accepted);
        accepted.Headers.Location = new Uri(location, UriKind.Relative);
        return accepted;
    }
}
