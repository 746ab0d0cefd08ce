using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Sends requests over HTTPS or plain HTTP as <see cref="RegistrySettings.TransportFor"/> says; the
/// client always builds https URIs. For loopback registries a first TLS failure that is not a refused
/// certificate means the registry speaks plain HTTP, which is then used for it from then on.
/// </summary>
internal sealed class TransportSchemeHandler(RegistrySettings settings, RegistryCertificateTrust trust, ILogger logger) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, bool> _plainAuthorities = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { Scheme: "https" } uri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var transport = settings.TransportFor(uri.Authority);
        if (transport == RegistryTransport.PlainHttp
            || (transport == RegistryTransport.HttpsThenPlainHttp && _plainAuthorities.ContainsKey(uri.Authority)))
        {
            request.RequestUri = ToPlainHttp(uri);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (transport == RegistryTransport.Https)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error) when (error.HttpRequestError == HttpRequestError.SecureConnectionError && !trust.Refused(uri.Host))
        {
            // The TLS handshake failed before any of the body was read, so the request can go again.
            _plainAuthorities[uri.Authority] = true;
            RegistryLog.FallingBackToPlainHttp(logger, uri.Authority);
            request.RequestUri = ToPlainHttp(uri);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Uri ToPlainHttp(Uri uri)
        => new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
}
