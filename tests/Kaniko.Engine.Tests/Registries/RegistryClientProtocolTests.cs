using System.Net;
using System.Net.Http.Headers;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>What the client sends and how it reads answers no local registry gives (scripted transport).</summary>
[TestClass]
public sealed class RegistryClientProtocolTests
{
    private static readonly byte[] ManifestBytes =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1},"layers":[]}"""u8.ToArray();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("quay.io/a/b", "https://quay.io/v2/a/b/blobs/")]
    [DataRow("busybox", "https://registry-1.docker.io/v2/library/busybox/blobs/")]
    [DataRow("localhost:5000/a", "https://localhost:5000/v2/a/blobs/")]
    [DataRow("insecure.example:5000/a", "http://insecure.example:5000/v2/a/blobs/")]
    public async Task Requests_GoToTheApiHost_OverHttpOnlyForInsecureRegistries_LoopbackTriesHttpsFirst(string reference, string expectedPrefix)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Status(HttpStatusCode.NotFound));
        using var client = new RegistryClient(
            new RegistrySettings { InsecureRegistries = new HashSet<string> { "insecure.example:5000" } },
            NullLogger.Instance,
            handler);
        var digest = Digest.Sha256("x"u8);

        Assert.IsFalse(await client.BlobExistsAsync(ImageReference.Parse(reference), digest, TestContext.CancellationToken));

        Assert.AreEqual(expectedPrefix + digest, handler.Requests.Single().Uri.ToString());
        Assert.AreEqual(HttpMethod.Head, handler.Requests.Single().Method);
    }

    [TestMethod]
    public async Task Upload_ToAbsoluteLocationWithQuery_AppendsTheDigest()
    {
        var handler = new RecordingHandler(
            _ => RecordingHandler.Status(HttpStatusCode.NotFound),
            _ =>
            {
                var accepted = RecordingHandler.Status(HttpStatusCode.Accepted);
                accepted.Headers.Location = new Uri("https://uploads.example.com/session/42?_state=abc%3D&x=1");
                return accepted;
            },
            _ => RecordingHandler.Status(HttpStatusCode.Created));
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance, handler);
        byte[] blob = "layer"u8.ToArray();
        using var content = new MemoryStream(blob);

        await client.UploadBlobAsync(ImageReference.Parse("quay.io/a/b"), Digest.Sha256(blob), blob.Length, content, TestContext.CancellationToken);

        Assert.AreEqual(HttpMethod.Post, handler.Requests[1].Method);
        Assert.AreEqual("https://quay.io/v2/a/b/blobs/uploads/", handler.Requests[1].Uri.ToString());
        Assert.AreEqual(HttpMethod.Put, handler.Requests[2].Method);
        Assert.AreEqual(
            "https://uploads.example.com/session/42?_state=abc%3D&x=1&digest=" + Uri.EscapeDataString(Digest.Sha256(blob).ToString()),
            handler.Requests[2].Uri.AbsoluteUri);
        Assert.IsTrue(content.CanRead, "the caller's stream stays open");
    }

    [TestMethod]
    public async Task GetManifest_WithoutContentType_InfersFromTheDocument()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ManifestBytes) });
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance, handler);

        var response = await client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), TestContext.CancellationToken);

        Assert.AreEqual(MediaTypes.OciManifest, response.MediaType);
        Assert.AreEqual(Digest.Sha256(ManifestBytes), response.Digest);
    }

    [TestMethod]
    public async Task GetManifest_ByDigest_WithOtherContent_Throws()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ManifestBytes) });
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance, handler);
        var pinned = ImageReference.Parse("quay.io/a/b").WithDigest(Digest.Sha256("other"u8));

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(() => client.GetManifestAsync(pinned, TestContext.CancellationToken));

        Assert.AreEqual("KANIKO1103", error.Code);
        Assert.AreEqual("quay.io", error.Registry);
    }

    [TestMethod]
    public async Task GetManifest_WithWrongDockerContentDigest_Throws()
    {
        var handler = new RecordingHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(ManifestBytes) };
            response.Headers.Add("Docker-Content-Digest", Digest.Sha256("other"u8).ToString());
            return response;
        });
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance, handler);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse("quay.io/a/b"), TestContext.CancellationToken));

        Assert.AreEqual("KANIKO1103", error.Code);
    }

    [TestMethod]
    [DataRow(HttpStatusCode.Unauthorized, "Log in (docker login writes config.json)")]
    [DataRow(HttpStatusCode.Forbidden, "may not access")]
    [DataRow(HttpStatusCode.TooManyRequests, "rate limiting")]
    [DataRow(HttpStatusCode.BadGateway, "retry later")]
    public async Task ErrorStatus_NamesRegistryStatusRegistryErrorAndAdvice(HttpStatusCode status, string advice)
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(status)
        {
            Content = new StringContent("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""", MediaTypeHeaderValue.Parse("application/json")),
        });
        using var client = new RegistryClient(new RegistrySettings { RetryBaseDelay = TimeSpan.FromMilliseconds(1) }, NullLogger.Instance, handler);

        var error = await Assert.ThrowsExactlyAsync<RegistryException>(
            () => client.GetManifestAsync(ImageReference.Parse("quay.io/a/b:1"), TestContext.CancellationToken));

        Assert.AreEqual((int)status, error.StatusCode);
        Assert.AreEqual("DENIED", error.ErrorCode);
        StringAssert.Contains(error.Message, "quay.io");
        StringAssert.Contains(error.Message, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.Contains(error.Message, "DENIED requested access to the resource is denied");
        StringAssert.Contains(error.Message, advice);
    }

    [TestMethod]
    public async Task PutManifest_SendsTheBytesUnchanged_ToTheTag()
    {
        byte[]? sent = null;
        string? contentType = null;
        var handler = new RecordingHandler(request =>
        {
            sent = request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            contentType = request.Content.Headers.ContentType?.MediaType;
            var created = RecordingHandler.Status(HttpStatusCode.Created);
            created.Headers.Add("Docker-Content-Digest", Digest.Sha256(ManifestBytes).ToString());
            return created;
        });
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance, handler);

        var digest = await client.PutManifestAsync(ImageReference.Parse("quay.io/a/b:v2"), MediaTypes.OciManifest, ManifestBytes, TestContext.CancellationToken);

        Assert.AreEqual(Digest.Sha256(ManifestBytes), digest);
        CollectionAssert.AreEqual(ManifestBytes, sent);
        Assert.AreEqual(MediaTypes.OciManifest, contentType);
        Assert.AreEqual("https://quay.io/v2/a/b/manifests/v2", handler.Requests.Single().Uri.ToString());
    }
}
