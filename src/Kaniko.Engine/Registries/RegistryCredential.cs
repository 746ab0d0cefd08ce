namespace Kaniko.Engine.Registries;

/// <summary>
/// A user name and password, or an identity (refresh) token as <c>az acr login</c> writes. Never
/// printed: <see cref="ToString"/> names only what kind of credential it is.
/// </summary>
public sealed record RegistryCredential
{
    public RegistryCredential(string? username, string? password, string? identityToken = null)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
    }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>An OAuth2 refresh token, exchanged at the token realm with <c>grant_type=refresh_token</c>.</summary>
    public string? IdentityToken { get; }

    internal bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    internal bool HasIdentityToken => !string.IsNullOrEmpty(IdentityToken);

    public override string ToString() => HasIdentityToken ? "identity token (redacted)" : $"user {Username} (password redacted)";
}
