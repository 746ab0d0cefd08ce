using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Chunked blob uploads: <c>PATCH</c>es with <c>Content-Range</c> into one upload session, then a
/// closing <c>PUT</c> with the digest. A chunk that fails is not simply sent again: the registry is asked
/// how much it holds (<c>GET</c> on the session, its <c>Range</c> header) and the upload resumes there.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>The first chunk size after a registry refused a whole blob as too large.</summary>
    internal const long FallbackChunkSize = 8 * 1024 * 1024;

    private const long SmallestChunkSize = 64 * 1024;

    private async Task UploadChunkedAsync(ImageReference repository, Digest digest, long size, Stream content, Uri uploadUri, long chunkSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        string operation = $"upload a chunk of blob {digest} to {repository.Repository}";
        long origin = content.CanSeek ? content.Position : -1;
        long offset = 0;
        var location = uploadUri;
        int resumes = 0;
        while (offset < size)
        {
            long length = Math.Min(chunkSize, size - offset);
            try
            {
                if (origin >= 0)
                {
                    content.Position = origin + offset;
                }

                location = await SendChunkAsync(repository, location, content, offset, length, operation, cancellationToken).ConfigureAwait(false);
                offset += length;
            }
            catch (RegistryException error) when (error.StatusCode == (int)HttpStatusCode.RequestEntityTooLarge && chunkSize > SmallestChunkSize)
            {
                // Nothing of a refused chunk was stored: try the same offset with smaller chunks.
                long smaller = Math.Max(SmallestChunkSize, chunkSize / 2);
                RegistryLog.ShrinkingChunks(_logger, chunkSize, smaller);
                chunkSize = smaller;
            }
            catch (RegistryException error) when (origin >= 0 && resumes < _settings.PushRetries
                && (IsWorthRetrying(error) || error.StatusCode == (int)HttpStatusCode.RequestedRangeNotSatisfiable))
            {
                resumes++;
                RegistryLog.ResumingUpload(_logger, digest.ToString(), offset, error.Message, resumes + 1);
                await Task.Delay(RetryDelays.Before(resumes, _settings.RetryBaseDelay), cancellationToken).ConfigureAwait(false);
                (location, offset) = await GetUploadStatusAsync(repository, location, digest, cancellationToken).ConfigureAwait(false);
                RegistryLog.UploadResumed(_logger, digest.ToString(), offset);
            }
        }

        string closing = $"finish upload of blob {digest} to {repository.Repository}";
        using var request = new HttpRequestMessage(HttpMethod.Put, WithDigestQuery(location, digest));
        request.Content = new ByteArrayContent([]);
        using var response = await SendAsync(request, repository, closing, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repository, closing, cancellationToken).ConfigureAwait(false);
        CheckDigestHeader(response, digest, repository, closing);
        RegistryLog.BlobUploaded(_logger, digest.ToString(), size, repository.Name);
    }

    /// <returns>Where the next chunk goes (the registry may move the session with each one).</returns>
    private async Task<Uri> SendChunkAsync(ImageReference repository, Uri location, Stream content, long offset, long length, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, location);
        request.Content = new BorrowedStreamContent(new ChunkOfStream(content, length), length);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.TryAddWithoutValidation("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + length - 1}"));
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        return NextLocation(response, location);
    }

    /// <summary>How many bytes the session holds, from the registry's <c>Range: 0-LAST</c>.</summary>
    private async Task<(Uri Location, long Received)> GetUploadStatusAsync(ImageReference repository, Uri location, Digest digest, CancellationToken cancellationToken)
    {
        string operation = $"get the upload status of blob {digest} in {repository.Repository}";
        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        using var response = await SendAsync(request, repository, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken, RegistryAccess.Push).ConfigureAwait(false);
        await EnsureSuccessAsync(response, repository, operation, cancellationToken).ConfigureAwait(false);
        return (NextLocation(response, location), ReceivedBytes(response));
    }

    // "0-LAST" names the last byte held; distribution also says "0-0" for an empty session.
    private static long ReceivedBytes(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values) || values.FirstOrDefault() is not { } range)
        {
            return 0;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(range.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last > 0
            ? last + 1
            : 0;
    }

    private static Uri NextLocation(HttpResponseMessage response, Uri current)
        => response.Headers.TryGetValues("Location", out var values) && values.FirstOrDefault() is { Length: > 0 } next
            ? new Uri(response.RequestMessage?.RequestUri ?? current, next)
            : current;
}
