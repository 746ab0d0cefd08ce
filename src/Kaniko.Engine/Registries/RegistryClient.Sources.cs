using System.Net;
using System.Net.Http.Headers;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>Manifest lookups that try the pull sources (registry maps, mirrors, then the named registry) in order.</summary>
public sealed partial class RegistryClient
{
    /// <summary>
    /// Gets the manifest or index <paramref name="reference"/> names from the first pull source that
    /// serves it; the returned reference names that source, where its blobs are to be downloaded from.
    /// </summary>
    public Task<(ImageReference Source, ManifestResponse Manifest)> GetManifestFromSourcesAsync(ImageReference reference, CancellationToken cancellationToken)
        => FromFirstSourceAsync(reference, async source => (source, await GetManifestAsync(source, cancellationToken).ConfigureAwait(false)));

    /// <summary>
    /// The digest of the manifest or index <paramref name="reference"/> names now, asked with HEAD so no
    /// manifest is transferred (a GET when the registry's answer carries no digest).
    /// </summary>
    public Task<Digest> GetManifestDigestAsync(ImageReference reference, CancellationToken cancellationToken)
        => FromFirstSourceAsync(reference, source => HeadManifestAsync(source, cancellationToken));

    private async Task<T> FromFirstSourceAsync<T>(ImageReference reference, Func<ImageReference, Task<T>> ask)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var sources = PullSources.For(reference, _settings);
        for (int i = 0; ; i++)
        {
            try
            {
                return await ask(sources[i]).ConfigureAwait(false);
            }
            catch (RegistryException error) when (i < sources.Count - 1)
            {
                RegistryLog.SourceFailed(_logger, sources[i].ToString(), reference.ToString(), error.Message);
            }
        }
    }

    private async Task<Digest> HeadManifestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        string operation = $"check manifest {reference}";
        using var request = new HttpRequestMessage(HttpMethod.Head, ManifestUri(reference, reference.Reference));
        foreach (string type in ManifestAcceptTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await SendAsync(request, reference, operation, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.MethodNotAllowed)
        {
            await EnsureSuccessAsync(response, reference, operation, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest))
            {
                return digest;
            }
        }

        return (await GetManifestAsync(reference, cancellationToken).ConfigureAwait(false)).Digest;
    }
}
