using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Authenticates requests that carry a <see cref="RegistryScope"/>. A registry's first 401 says how
/// (Basic or Bearer); that answer is remembered per registry, so later requests carry credentials or
/// a token up front, fetched for their scope (a pull token is upgraded to pull,push when a push
/// needs it). Requests whose body is a stream are never replayed: they are expected to follow a
/// cheap request (HEAD, or the POST that starts an upload) that met the challenge first.
/// </summary>
internal sealed class AuthenticationHandler(CredentialStore credentials, ILogger logger, TimeProvider time) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, AuthenticationChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Registry, string Scope), BearerToken> _tokens = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RegistryScope.Of(request) is not { } scope || request.Headers.Authorization is not null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        string registry = RegistryName.Normalize(scope.Registry);
        if (_challenges.TryGetValue(registry, out var known))
        {
            request.Headers.Authorization = await AuthorizationAsync(known, scope, registry, renew: false, cancellationToken).ConfigureAwait(false);
        }

        // Whether this request itself carried credentials: parallel requests sent before the first
        // challenge was known meet it without any, and must send them now, not take a refusal.
        bool sentCredentials = request.Headers.Authorization is not null;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthenticationChallenge.From(response) is not { } challenge)
        {
            return response;
        }

        _challenges[registry] = challenge;
        if (!ReplayableContent.Is(request) || (sentCredentials && challenge.IsBasic))
        {
            // Basic credentials sent and refused: asking again would not help.
            return response;
        }

        var authorization = await AuthorizationAsync(challenge, scope, registry, renew: sentCredentials, cancellationToken).ConfigureAwait(false);
        if (authorization is null)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = authorization;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(
        AuthenticationChallenge challenge, RegistryScope scope, string registry, bool renew, CancellationToken cancellationToken)
    {
        var credential = await credentials.FindAsync(registry, scope.Access, cancellationToken).ConfigureAwait(false);
        if (challenge.IsBasic)
        {
            return credential is { HasPassword: true } ? TokenRealm.BasicHeader(credential) : null;
        }

        if (!challenge.IsBearer)
        {
            return null;
        }

        var token = await TokenAsync(challenge, scope, registry, credential, renew, cancellationToken).ConfigureAwait(false);
        return new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private async Task<BearerToken> TokenAsync(
        AuthenticationChallenge challenge, RegistryScope scope, string registry, RegistryCredential? credential, bool renew, CancellationToken cancellationToken)
    {
        string wanted = scope.TokenScope;
        if (!renew)
        {
            // A pull,push token serves pulls of the same repository as well.
            string pushScope = (scope with { Access = RegistryAccess.Push, MountSource = null }).TokenScope;
            if (scope.MountSource is not null)
            {
                pushScope = wanted;
            }

            foreach (string candidate in new[] { wanted, pushScope }.Distinct())
            {
                if (_tokens.TryGetValue((registry, candidate), out var cached) && cached.IsFresh(time))
                {
                    return cached;
                }
            }
        }

        RegistryLog.RequestingToken(logger, registry, wanted, credential is null ? "anonymously" : credential.HasIdentityToken ? "with an identity token" : "with a password");
        var token = await TokenRealm.RequestAsync(
            (request, token) => base.SendAsync(request, token),
            challenge,
            registry,
            wanted,
            credential,
            time,
            cancellationToken).ConfigureAwait(false);
        _tokens[(registry, wanted)] = token;
        return token;
    }
}
