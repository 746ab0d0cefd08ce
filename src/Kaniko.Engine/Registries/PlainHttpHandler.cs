namespace Kaniko.Engine.Registries;

/// <summary>Sends requests for insecure and loopback registries over plain HTTP; the client always builds https URIs.</summary>
internal sealed class PlainHttpHandler(RegistrySettings settings) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { Scheme: "https" } uri && settings.UsesPlainHttp(uri.Authority))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
