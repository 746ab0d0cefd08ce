using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Gets access tokens from a registry's token realm (the distribution token spec): GET with Basic
/// credentials or anonymously, or the OAuth2 refresh-token grant (POST) with an identity token.
/// </summary>
internal static class TokenRealm
{
    // The token spec's default when expires_in is absent.
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewMargin = TimeSpan.FromSeconds(10);
    private const int MaxTokenResponseBytes = 1024 * 1024;

    public static async Task<BearerToken> RequestAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        AuthenticationChallenge challenge,
        string registry,
        string? scope,
        RegistryCredential? credential,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (challenge.Realm is not { } realmText || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm))
        {
            throw new RegistryException(
                RegistryFailures.Protocol,
                registry,
                401,
                $"Registry {registry} asks for a bearer token but names no usable realm to get it from. It does not follow the distribution token spec.");
        }

        using var request = credential is { HasIdentityToken: true }
            ? RefreshTokenGrant(realm, challenge.Service, scope, credential.IdentityToken!)
            : TokenGet(realm, challenge.Service, scope, credential);
        DateTimeOffset requestedAt = time.GetUtcNow();
        using var response = await send(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            throw new RegistryException(
                RegistryFailures.AuthenticationFailed,
                registry,
                status,
                $"The token service {realm.GetLeftPart(UriPartial.Path)} of registry {registry} refused a token for '{scope}' with HTTP {status} ({response.ReasonPhrase}). "
                + (credential is null
                    ? "No credentials were found for this registry: log in (docker config.json), or set KANIKO_REGISTRY_<REGISTRY>_USERNAME and _PASSWORD."
                    : "Check the credentials for this registry and that they may access this repository."));
        }

        var (value, lifetime) = await ReadAsync(response, registry, cancellationToken).ConfigureAwait(false);
        var renewAt = requestedAt + (lifetime > RenewMargin * 2 ? lifetime - RenewMargin : lifetime / 2);
        return new BearerToken(value, renewAt);
    }

    private static HttpRequestMessage TokenGet(Uri realm, string? service, string? scope, RegistryCredential? credential)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length > 0 ? "&" : string.Empty).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("service", service);
        // Several scopes are several scope parameters (the token spec); a form takes them space-separated.
        foreach (string single in (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Add("scope", single);
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = query.ToString() }.Uri);
        if (credential is { HasPassword: true })
        {
            Add("account", credential.Username);
            request.RequestUri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
            request.Headers.Authorization = BasicHeader(credential);
        }

        return request;
    }

    private static HttpRequestMessage RefreshTokenGrant(Uri realm, string? service, string? scope, string identityToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("client_id", "kaniko-dotnet"),
            new("refresh_token", identityToken),
        };
        if (service is not null)
        {
            form.Add(new("service", service));
        }

        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    public static AuthenticationHeaderValue BasicHeader(RegistryCredential credential)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static async Task<(string Value, TimeSpan Lifetime)> ReadAsync(HttpResponseMessage response, string registry, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            byte[] buffer = new byte[MaxTokenResponseBytes];
            int length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = document.RootElement;
            string? value = root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString()
                : root.TryGetProperty("access_token", out var access) && access.ValueKind == JsonValueKind.String ? access.GetString()
                : null;
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out int seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : DefaultLifetime;
            if (string.IsNullOrEmpty(value))
            {
                throw new JsonException("no token or access_token");
            }

            return (value, lifetime);
        }
        catch (JsonException error)
        {
            throw new RegistryException(
                RegistryFailures.Protocol,
                registry,
                (int)HttpStatusCode.OK,
                $"The token service of registry {registry} answered without a token ({error.Message}). It does not follow the distribution token spec.",
                error);
        }
    }
}
