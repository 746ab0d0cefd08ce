namespace Kaniko.Engine.Registries;

/// <summary>
/// The registry, repository and access a request needs; travels on the request so the handlers can
/// find credentials, tokens and retry counts for it.
/// </summary>
internal sealed record RegistryScope(string Registry, string Repository, RegistryAccess Access, string? MountSource = null)
{
    public static readonly HttpRequestOptionsKey<RegistryScope> Key = new("kaniko.registry-scope");

    /// <summary>
    /// The token scope of the distribution auth spec: <c>repository:NAME:pull</c> or <c>:pull,push</c>,
    /// and for a mount also <c>repository:SOURCE:pull</c>, space-separated.
    /// </summary>
    public string TokenScope => $"repository:{Repository}:{(Access == RegistryAccess.Push ? "pull,push" : "pull")}"
        + (MountSource is null ? string.Empty : $" repository:{MountSource}:pull");

    public static RegistryScope? Of(HttpRequestMessage request)
        => request.Options.TryGetValue(Key, out var scope) ? scope : null;
}
