namespace Kaniko.TestInfrastructure;

/// <summary>
/// How a test registry is served: plain or TLS, open or behind htpasswd basic auth; with
/// <paramref name="RelativeUrls"/> its Location headers are relative (<c>http.relativeurls</c>); with
/// <paramref name="TokenServer"/> it wants bearer tokens from that server (<c>auth: token</c>).
/// </summary>
public sealed record RegistryServerOptions(
    bool UseTls = false, string? Username = null, string? Password = null, bool RelativeUrls = false, TokenServer? TokenServer = null)
{
    internal bool RequiresAuthentication => Username is not null;

    internal void Validate()
    {
        if ((Username is null) != (Password is null))
        {
            throw new ArgumentException("Give both Username and Password, or neither.");
        }

        if (Username is not null && TokenServer is not null)
        {
            throw new ArgumentException("Give htpasswd credentials or a token server, not both.");
        }
    }
}
