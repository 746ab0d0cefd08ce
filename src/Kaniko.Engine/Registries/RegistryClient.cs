using System.Net;
using System.Net.Http.Headers;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// The distribution API: manifests and blobs, pulled and pushed. Manifests are digested over the
/// exact bytes received or sent; blobs stream through without being buffered. Authentication, retries
/// of single requests, TLS trust and the choice of HTTP or HTTPS are handlers beneath it; restarting a
/// whole blob transfer is done here, where the stream is known.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    // The distribution spec asks registries to accept manifests up to 4 MiB; configs are small too.
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private const long MaxConfigBytes = 32 * 1024 * 1024;

    private static readonly string[] ManifestAcceptTypes =
    [
        MediaTypes.OciIndex,
        MediaTypes.OciManifest,
        MediaTypes.DockerManifestList,
        MediaTypes.DockerManifest,
    ];

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly RegistrySettings _settings;

    /// <param name="handler">
    /// The transport to send through (tests pass fakes; the TLS settings then do not apply); the client takes ownership of it.
    /// </param>
    public RegistryClient(RegistrySettings settings, ILogger logger, HttpMessageHandler? handler = null)
        : this(settings, logger, handler, TimeProvider.System)
    {
    }

    internal RegistryClient(RegistrySettings settings, ILogger logger, HttpMessageHandler? handler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _settings = settings;
        var trust = new RegistryCertificateTrust(settings);
        if (handler is null)
        {
            var sockets = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(30),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.None,
            };
            sockets.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
            handler = sockets;
        }

        // Outside in: authenticate (a token fetch goes through the rest too), retry, pick the scheme, send.
        var pipeline = new AuthenticationHandler(new CredentialStore(settings, logger), logger, time)
        {
            InnerHandler = new RetryHandler(settings, logger)
            {
                InnerHandler = new TransportSchemeHandler(settings, trust, logger) { InnerHandler = handler },
            },
        };
        _http = new HttpClient(pipeline)
        {
            // Layer transfers may take long; reads time out on inactivity instead, and callers bound
            // whole operations with their CancellationToken.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("kaniko-dotnet", "0.1"));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Gets a manifest or index by tag or digest, exactly as served; a pinned digest is verified.</summary>
    public async Task<ManifestResponse> GetManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string operation = $"get manifest {reference}";
        using var request = new HttpRequestMessage(HttpMethod.Get, ManifestUri(reference, reference.Reference));
        foreach (string type in ManifestAcceptTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await SendAsync(request, reference, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, reference, operation, cancellationToken).ConfigureAwait(false);
        byte[] bytes = await ReadManifestBytesAsync(response, reference, operation, cancellationToken).ConfigureAwait(false);

        var digest = Digest.Sha256(bytes);
        if (reference.Digest is { } pinned && !pinned.Matches(bytes))
        {
            throw new RegistryException(
                RegistryFailures.ContentMismatch,
                reference.Registry,
                null,
                $"Registry {reference.Registry} served a manifest for {reference} whose digest is {pinned.ComputeWithSameAlgorithm(bytes)}, not the requested {pinned}. The registry or a proxy altered it; do not trust this registry's content.");
        }

        CheckContentDigestHeader(response, bytes, reference, operation);

        string mediaType = ManifestMediaType.Determine(response.Content.Headers.ContentType?.MediaType, bytes)
            ?? throw new RegistryException(
                RegistryFailures.UnsupportedManifest,
                reference.Registry,
                (int)response.StatusCode,
                $"Registry {reference.Registry} served something for {reference} that is neither an image manifest nor an index (Content-Type '{response.Content.Headers.ContentType}').");
        return new ManifestResponse(bytes, mediaType, digest);
    }

    /// <summary>
    /// Gets the image for <paramref name="platform"/>: follows an index to that platform's manifest,
    /// then fetches and verifies the config. Registry maps and Docker Hub mirrors are tried first, in
    /// order; the result's <see cref="ResolvedImage.Reference"/> names where it was found, which is
    /// where its blobs are to be downloaded from.
    /// </summary>
    public async Task<ResolvedImage> ResolveImageAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(platform);
        var sources = PullSources.For(reference, _settings);
        for (int i = 0; ; i++)
        {
            try
            {
                return await ResolveImageFromAsync(sources[i], platform, cancellationToken).ConfigureAwait(false);
            }
            catch (RegistryException error) when (i < sources.Count - 1 && error.Code != RegistryFailures.NoMatchingPlatform)
            {
                RegistryLog.SourceFailed(_logger, sources[i].ToString(), reference.ToString(), error.Message);
            }
        }
    }

    private async Task<ResolvedImage> ResolveImageFromAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        var response = await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false);
        if (MediaTypes.IsIndex(response.MediaType))
        {
            var index = ImageIndex.Parse(response.Bytes);
            var chosen = index.SelectPlatform(platform) ?? throw RegistryFailures.NoPlatform(reference, platform, index);
            response = await GetManifestAsync(reference.WithDigest(chosen.Digest), cancellationToken).ConfigureAwait(false);
        }

        if (!MediaTypes.IsManifest(response.MediaType))
        {
            throw RegistryFailures.NotAnImage(reference, response.MediaType);
        }

        var manifest = ImageManifest.Parse(response.Bytes);
        manifest.MediaType ??= response.MediaType;
        var pinned = reference.WithDigest(response.Digest);

        if (manifest.Config.Size > MaxConfigBytes)
        {
            throw new RegistryException(
                RegistryFailures.TooLarge,
                reference.Registry,
                null,
                $"The config of {pinned} claims {manifest.Config.Size} bytes, more than the {MaxConfigBytes} accepted; the manifest is probably wrong.");
        }

        using var configBuffer = new MemoryStream((int)manifest.Config.Size);
        await DownloadBlobAsync(reference, manifest.Config, configBuffer, cancellationToken).ConfigureAwait(false);
        byte[] configBytes = configBuffer.ToArray();
        var config = ImageConfig.Parse(configBytes);

        if (!platform.IsSatisfiedBy(config.Platform))
        {
            RegistryLog.PlatformDiffers(_logger, pinned.ToString(), config.Platform.ToString(), platform.ToString());
        }

        RegistryLog.Resolved(_logger, reference.ToString(), platform.ToString(), response.Digest.ToString());
        return new ResolvedImage(pinned, manifest, response.Bytes, response.Digest, config, configBytes);
    }

    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, verifying size and digest on the way. When
    /// this throws, what was written is not the blob: discard it.
    /// </summary>
    public async Task DownloadBlobAsync(ImageReference repository, Descriptor blob, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(destination);
        // A seekable destination can be rewound, so a transfer that broke off or arrived corrupt starts over.
        long start = destination.CanSeek ? destination.Position : -1;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadBlobOnceAsync(repository, blob, destination, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RegistryException error) when (start >= 0 && attempt <= _settings.PullRetries && IsWorthRetrying(error))
            {
                RegistryLog.RestartingTransfer(_logger, $"Download of {blob.Digest} from {repository.Name}", error.Message, attempt + 1);
                await Task.Delay(RetryDelays.Before(attempt, _settings.RetryBaseDelay), cancellationToken).ConfigureAwait(false);
                destination.SetLength(start);
                destination.Position = start;
            }
        }
    }

    private async Task DownloadBlobOnceAsync(ImageReference repository, Descriptor blob, Stream destination, CancellationToken cancellationToken)
    {
        string operation = $"download blob {blob.Digest} from {repository.Repository}";
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(repository, blob.Digest));
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);

        var body = new InactivityTimeoutStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _settings.InactivityTimeout);
        await using var verifying = new DigestVerifyingStream(body, blob.Digest, blob.Size);
        try
        {
            await verifying.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException error) when (error.Code == DigestVerifyingStream.VerificationFailedCode)
        {
            throw new RegistryException(
                RegistryFailures.ContentMismatch,
                repository.Registry,
                (int)response.StatusCode,
                $"Registry {repository.Registry} served wrong content for {operation}: {error.Message}",
                error);
        }
        catch (Exception error) when (error is HttpRequestException or HttpIOException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw RegistryFailures.FromTransport(error, repository.Registry, request.RequestUri, operation);
        }
    }

    /// <summary>Whether the repository already holds the blob (HEAD).</summary>
    public Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return BlobExistsAsync(repository, digest, RegistryAccess.Pull, cancellationToken);
    }

    // Before an upload the check is part of a push, and uses the push credentials and token.
    private async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, RegistryAccess access, CancellationToken cancellationToken)
    {
        string operation = $"check blob {digest} in {repository.Repository}";
        using var request = new HttpRequestMessage(HttpMethod.Head, BlobUri(repository, digest));
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken, access).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Uploads a blob in one request unless the repository has it. <paramref name="content"/> must
    /// yield exactly <paramref name="size"/> bytes with <paramref name="digest"/>; it is read, not disposed.
    /// </summary>
    public Task UploadBlobAsync(ImageReference repository, Digest digest, long size, Stream content, CancellationToken cancellationToken)
        => UploadBlobAsync(repository, digest, size, content, mountFrom: null, cancellationToken);

    /// <summary>
    /// Like <see cref="UploadBlobAsync(ImageReference, Digest, long, Stream, CancellationToken)"/>, but first
    /// asks the registry to mount the blob from <paramref name="mountFrom"/>, another repository on the
    /// same registry that holds it (the base image's), which copies nothing; the upload follows only
    /// when the registry declines.
    /// </summary>
    public async Task UploadBlobAsync(ImageReference repository, Digest digest, long size, Stream content, ImageReference? mountFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (await BlobExistsAsync(repository, digest, RegistryAccess.Push, cancellationToken).ConfigureAwait(false))
        {
            RegistryLog.BlobExists(_logger, digest.ToString(), repository.Name);
            return;
        }

        // A seekable source can be rewound, so an upload that failed starts over in a new session.
        long start = content.CanSeek ? content.Position : -1;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await UploadBlobOnceAsync(repository, digest, size, content, CanMount(repository, mountFrom) ? mountFrom : null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RegistryException error) when (start >= 0 && attempt <= _settings.PushRetries && IsWorthRetrying(error))
            {
                RegistryLog.RestartingTransfer(_logger, $"Upload of {digest} to {repository.Name}", error.Message, attempt + 1);
                await Task.Delay(RetryDelays.Before(attempt, _settings.RetryBaseDelay), cancellationToken).ConfigureAwait(false);
                content.Position = start;
            }
        }
    }

    private static bool CanMount(ImageReference repository, ImageReference? source)
        => source is not null
            && RegistryName.Normalize(source.Registry) == RegistryName.Normalize(repository.Registry)
            && source.Repository != repository.Repository;

    private async Task UploadBlobOnceAsync(ImageReference repository, Digest digest, long size, Stream content, ImageReference? mountFrom, CancellationToken cancellationToken)
    {
        if (await StartUploadAsync(repository, digest, mountFrom, cancellationToken).ConfigureAwait(false) is not { } uploadUri)
        {
            RegistryLog.BlobMounted(_logger, digest.ToString(), mountFrom!.Repository, repository.Name);
            return;
        }

        if (_settings.UploadChunkSize is { } chunkSize)
        {
            await UploadChunkedAsync(repository, digest, size, content, uploadUri, chunkSize, cancellationToken).ConfigureAwait(false);
            return;
        }

        long start = content.CanSeek ? content.Position : -1;
        try
        {
            await UploadMonolithicAsync(repository, digest, size, content, uploadUri, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException error) when (error.StatusCode == (int)HttpStatusCode.RequestEntityTooLarge && start >= 0)
        {
            // A proxy or the registry limits request bodies: send the blob in chunks in a new session.
            RegistryLog.UploadingInChunks(_logger, digest.ToString(), repository.Name, FallbackChunkSize);
            content.Position = start;
            uploadUri = await StartUploadAsync(repository, digest, mountFrom: null, cancellationToken).ConfigureAwait(false);
            await UploadChunkedAsync(repository, digest, size, content, uploadUri!, FallbackChunkSize, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UploadMonolithicAsync(ImageReference repository, Digest digest, long size, Stream content, Uri uploadUri, CancellationToken cancellationToken)
    {
        string operation = $"upload blob {digest} to {repository.Repository}";
        using var request = new HttpRequestMessage(HttpMethod.Put, WithDigestQuery(uploadUri, digest));
        request.Content = new BorrowedStreamContent(content, size);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        CheckDigestHeader(response, digest, repository, operation);
        RegistryLog.BlobUploaded(_logger, digest.ToString(), size, repository.Name);
    }

    // Connection trouble, a busy or failing registry, or content damaged on the way; not refusals.
    private static bool IsWorthRetrying(RegistryException error)
        => error.Code is RegistryFailures.Unreachable or RegistryFailures.ContentMismatch
            || (error.Code == RegistryFailures.HttpStatus && error.StatusCode is { } status
                && (RetryHandler.IsTransient((HttpStatusCode)status) || error.ErrorCode is "DIGEST_INVALID" or "BLOB_UPLOAD_INVALID" or "BLOB_UPLOAD_UNKNOWN"));

    /// <summary>
    /// Puts a manifest or index under the target's tag (by digest when it has no tag) and returns the
    /// digest of <paramref name="bytes"/>, which are sent unchanged.
    /// </summary>
    public async Task<Digest> PutManifestAsync(ImageReference target, string mediaType, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        ArgumentNullException.ThrowIfNull(bytes);
        var digest = Digest.Sha256(bytes);
        if (target.Tag is null && target.Digest is { } pinned && pinned != digest)
        {
            throw new ArgumentException($"The manifest's digest is {digest}, not the target's {pinned}.", nameof(bytes));
        }

        string operation = $"put manifest {digest} as {target}";
        using var request = new HttpRequestMessage(HttpMethod.Put, ManifestUri(target, target.Tag ?? digest.ToString()));
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, target, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, target, operation, cancellationToken).ConfigureAwait(false);
        CheckDigestHeader(response, digest, target, operation);
        RegistryLog.ManifestPushed(_logger, digest.ToString(), target.ToString());
        return digest;
    }

    /// <returns>Where to upload, or null when the blob was mounted from <paramref name="mountFrom"/>.</returns>
    private async Task<Uri?> StartUploadAsync(ImageReference repository, Digest digest, ImageReference? mountFrom, CancellationToken cancellationToken)
    {
        string operation = mountFrom is null
            ? $"start upload of blob {digest} to {repository.Repository}"
            : $"mount blob {digest} from {mountFrom.Repository} into {repository.Repository}";
        string query = mountFrom is null
            ? string.Empty
            : $"?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(mountFrom.Repository)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(RepositoryUri(repository), "blobs/uploads/" + query));
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken, mountSource: mountFrom?.Repository)
            .ConfigureAwait(false);
        if (mountFrom is not null && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // No right to read the source repository: a plain upload needs none.
            return await StartUploadAsync(repository, digest, mountFrom: null, cancellationToken).ConfigureAwait(false);
        }

        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        if (mountFrom is not null && response.StatusCode == HttpStatusCode.Created)
        {
            return null;
        }

        // Location may be absolute or relative to the request, and may carry the upload's state in its query.
        if (!response.Headers.TryGetValues("Location", out var values) || values.FirstOrDefault() is not { Length: > 0 } location)
        {
            throw new RegistryException(
                RegistryFailures.Protocol,
                repository.Registry,
                (int)response.StatusCode,
                $"Registry {repository.Registry} did not say where to {operation} (no Location header). It does not follow the distribution API.");
        }

        return new Uri(response.RequestMessage?.RequestUri ?? request.RequestUri!, location);
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        ImageReference repository,
        string operation,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        RegistryAccess? access = null,
        string? mountSource = null)
    {
        RegistryLog.Request(_logger, request.Method, request.RequestUri!.GetLeftPart(UriPartial.Path));
        access ??= request.Method == HttpMethod.Get || request.Method == HttpMethod.Head ? RegistryAccess.Pull : RegistryAccess.Push;
        request.Options.Set(RegistryScope.Key, new RegistryScope(repository.Registry, repository.Repository, access.Value, mountSource));
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutException)
        {
            throw RegistryFailures.FromTransport(error, repository.Registry, request.RequestUri, operation);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryFailures.FromTransport(error, repository.Registry, request.RequestUri, operation);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, ImageReference repository, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryFailures.FromResponseAsync(response, repository.Registry, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> ReadManifestBytesAsync(HttpResponseMessage response, ImageReference reference, string operation, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw TooLargeManifest(reference, operation);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes)
            {
                throw TooLargeManifest(reference, operation);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static RegistryException TooLargeManifest(ImageReference reference, string operation)
        => new(
            RegistryFailures.TooLarge,
            reference.Registry,
            null,
            $"Registry {reference.Registry} served more than {MaxManifestBytes} bytes to {operation}; that is no image manifest.");

    private static void CheckContentDigestHeader(HttpResponseMessage response, byte[] bytes, ImageReference reference, string operation)
    {
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
            && Digest.TryParse(values.FirstOrDefault(), out var claimed)
            && !claimed.Matches(bytes))
        {
            throw new RegistryException(
                RegistryFailures.ContentMismatch,
                reference.Registry,
                (int)response.StatusCode,
                $"Registry {reference.Registry} says the content of {operation} has digest {claimed}, but the bytes received hash to {claimed.ComputeWithSameAlgorithm(bytes)}. Retry; if it persists, the registry or a proxy alters content.");
        }
    }

    private static void CheckDigestHeader(HttpResponseMessage response, Digest expected, ImageReference reference, string operation)
    {
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values)
            && Digest.TryParse(values.FirstOrDefault(), out var claimed)
            && claimed.Algorithm == expected.Algorithm
            && claimed != expected)
        {
            throw new RegistryException(
                RegistryFailures.ContentMismatch,
                reference.Registry,
                (int)response.StatusCode,
                $"Registry {reference.Registry} stored {claimed} for {operation}, but we sent {expected}. The content was altered on the way; retry.");
        }
    }

    private static Uri WithDigestQuery(Uri uploadUri, Digest digest)
    {
        var builder = new UriBuilder(uploadUri);
        string query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest.ToString());
        return builder.Uri;
    }

    private static Uri RepositoryUri(ImageReference repository) => new($"https://{repository.RegistryApiHost}/v2/{repository.Repository}/");

    private static Uri ManifestUri(ImageReference repository, string reference) => new(RepositoryUri(repository), "manifests/" + reference);

    private static Uri BlobUri(ImageReference repository, Digest digest) => new(RepositoryUri(repository), "blobs/" + digest);
}
