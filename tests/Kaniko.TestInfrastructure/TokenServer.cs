using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// A distribution token service on 127.0.0.1 for a <see cref="RegistryServer"/> started with
/// <see cref="RegistryServerOptions.TokenServer"/>: GET with Basic credentials (or anonymously, which
/// grants nothing) and the OAuth2 refresh-token grant (POST) with <see cref="IdentityToken"/>. Tokens
/// are JWTs signed with a key whose certificate the registry trusts; every grant is recorded.
/// </summary>
public sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "kaniko-test-registry";
    public const string Issuer = "kaniko-test-token-server";

    private readonly HttpListener _listener;
    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private readonly string _directory;
    private readonly Task _serving;
    private readonly List<TokenGrant> _grants = [];

    private TokenServer(HttpListener listener, RSA key, X509Certificate2 certificate, string directory, int port, string username, string password, string identityToken, int expiresInSeconds)
    {
        _listener = listener;
        _key = key;
        _certificate = certificate;
        _directory = directory;
        Realm = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/token");
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        ExpiresInSeconds = expiresInSeconds;
        CertificatePath = Path.Combine(directory, "token-signer.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        _serving = ServeAsync();
    }

    public Uri Realm { get; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>The refresh token that the refresh-token grant accepts (what <c>az acr login</c> would write).</summary>
    public string IdentityToken { get; }

    public int ExpiresInSeconds { get; }

    /// <summary>The PEM the registry's <c>rootcertbundle</c> names.</summary>
    public string CertificatePath { get; }

    public IReadOnlyList<TokenGrant> Grants
    {
        get
        {
            lock (_grants)
            {
                return [.. _grants];
            }
        }
    }

    public static TokenServer Start(string username, string password, string identityToken, int expiresInSeconds = 300)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kaniko-tests", $"token-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + Issuer, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.FindFree();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            try
            {
                listener.Start();
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
                continue;
            }

            return new TokenServer(listener, key, certificate, directory, port, username, password, identityToken, expiresInSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        _certificate.Dispose();
        _key.Dispose();
        TemporaryDirectory.DeleteQuietly(_directory);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, body) = await DecideAsync(context.Request).ConfigureAwait(false);
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            response.Close();
        }
    }

    private async Task<(int Status, string Body)> DecideAsync(HttpListenerRequest request)
    {
        if (request.Url?.AbsolutePath != "/token")
        {
            return (404, "{}");
        }

        Dictionary<string, string> parameters;
        string grantType;
        string? account = null;
        bool authenticated;
        if (request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
            parameters = ParseForm(await reader.ReadToEndAsync().ConfigureAwait(false));
            grantType = parameters.GetValueOrDefault("grant_type") ?? string.Empty;
            authenticated = grantType switch
            {
                "refresh_token" => parameters.GetValueOrDefault("refresh_token") == IdentityToken,
                "password" => parameters.GetValueOrDefault("username") == Username && parameters.GetValueOrDefault("password") == Password,
                _ => false,
            };
            if (!authenticated)
            {
                return (401, """{"error":"invalid_grant"}""");
            }
        }
        else
        {
            parameters = ParseForm(request.Url!.Query.TrimStart('?'));
            grantType = "basic";
            var header = request.Headers["Authorization"];
            if (header is null)
            {
                grantType = "anonymous";
                authenticated = false;
            }
            else
            {
                var decoded = header.StartsWith("Basic ", StringComparison.Ordinal)
                    ? Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]))
                    : string.Empty;
                if (decoded != $"{Username}:{Password}")
                {
                    return (401, """{"details":"wrong credentials"}""");
                }

                authenticated = true;
                account = parameters.GetValueOrDefault("account");
            }
        }

        var scope = parameters.GetValueOrDefault("scope");
        var requested = (scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseScope).Where(s => s.Repository is not null).ToList();
        var granted = requested.Select(s => (s.Repository!, authenticated ? s.Actions : (IReadOnlyList<string>)[])).ToList();
        lock (_grants)
        {
            _grants.Add(new TokenGrant(request.HttpMethod, grantType, account, scope, granted.SelectMany(g => g.Item2).Distinct().ToList()));
        }

        var token = Sign(granted, account ?? (authenticated ? Username : string.Empty));
        var now = DateTimeOffset.UtcNow;
        var answer = new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = ExpiresInSeconds,
            ["issued_at"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        return (200, answer.ToJsonString());
    }

    private string Sign(IReadOnlyList<(string Repository, IReadOnlyList<string> Actions)> grants, string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var access = new JsonArray();
        foreach (var (repository, actions) in grants)
        {
            access.Add(new JsonObject
            {
                ["type"] = "repository",
                ["name"] = repository,
                ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode?)JsonValue.Create(a))]),
            });
        }

        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static (string? Repository, IReadOnlyList<string> Actions) ParseScope(string? scope)
    {
        // repository:NAME:pull,push (NAME has no colon for the names tests use)
        var parts = scope?.Split(':') ?? [];
        return parts.Length == 3 && parts[0] == "repository"
            ? (parts[1], parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
            : (null, []);
    }

    // Repeated parameters (several scope=) are joined with spaces, as OAuth2 forms carry them.
    private static Dictionary<string, string> ParseForm(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            values[name] = values.TryGetValue(name, out var earlier) ? earlier + " " + value : value;
        }

        return values;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
