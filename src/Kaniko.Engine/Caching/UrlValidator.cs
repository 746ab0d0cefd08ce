namespace Kaniko.Engine.Caching;

/// <summary>
/// What tells whether an ADD URL's content changed without downloading it: the response's ETag or
/// Last-Modified (from a HEAD request). Null when the server gives neither, or cannot be asked:
/// then the ADD cannot be cached.
/// </summary>
internal static class UrlValidator
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<string?> ReadAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var etag = response.Headers.ETag?.ToString();
            var lastModified = response.Content.Headers.LastModified?.ToString("R");
            return etag is null && lastModified is null ? null : $"etag={etag} last-modified={lastModified}";
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
