namespace Kaniko.Engine.Registries;

/// <summary>
/// How to talk to registries: transport and TLS trust, credentials, retries. Registries are named
/// <c>host</c> (any port) or <c>host:port</c>; Docker Hub as <c>docker.io</c>.
/// </summary>
public sealed record RegistrySettings
{
    /// <summary>Registries reached over plain HTTP.</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every registry over plain HTTP (kaniko's <c>--insecure</c>).</summary>
    public bool Insecure { get; init; }

    /// <summary>Accept any certificate from any registry (kaniko's <c>--skip-tls-verify</c>).</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>Accept any certificate from these registries' hosts.</summary>
    public IReadOnlySet<string> SkipTlsVerifyRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registry -> PEM file of a CA trusted for that registry's host besides the system store.</summary>
    public IReadOnlyDictionary<string, string> RegistryCertificates { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credentials per registry; they come before the environment and docker's config.json.</summary>
    public IReadOnlyDictionary<string, RegistryCredential> Credentials { get; init; } = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where credentials, docker's config and DOTNET_CONTAINER_INSECURE_REGISTRIES are read from.</summary>
    public RegistryEnvironment Environment { get; init; } = RegistryEnvironment.Process;

    /// <summary>
    /// Registries that mirror Docker Hub, tried in order before it for every pull of a Docker Hub image
    /// (kaniko's <c>--registry-mirror</c>): <c>host[:port]</c>, optionally with a repository path prefix.
    /// </summary>
    public IReadOnlyList<string> RegistryMirrors { get; init; } = [];

    /// <summary>
    /// Registry -> the registries pulls from it go to instead, separated by <c>;</c> and tried in order
    /// before the registry itself (kaniko's <c>--registry-map FROM=TO</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string> RegistryMaps { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Retries of a failed push request or upload (kaniko's <c>--push-retry</c>).</summary>
    public int PushRetries { get; init; } = 3;

    /// <summary>Retries of a failed pull request or download (kaniko's <c>--image-download-retry</c>).</summary>
    public int PullRetries { get; init; } = 3;

    /// <summary>
    /// Upload every blob in chunks of this many bytes (<c>PATCH</c> with <c>Content-Range</c>, then a
    /// closing <c>PUT</c>) instead of one <c>PUT</c>; null uploads in one request and turns to chunks only
    /// when the registry refuses that as too large (413).
    /// </summary>
    public long? UploadChunkSize { get; init; }

    /// <summary>The first retry waits about this long; each next one twice as long, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a response's headers may take, or a body may stay silent, before the attempt fails.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How requests reach <paramref name="registry"/>: plain HTTP when named insecure; loopback
    /// registries try HTTPS and fall back to plain HTTP when they do not speak TLS; HTTPS otherwise.
    /// </summary>
    public RegistryTransport TransportFor(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (Insecure || InsecureRegistries.Any(r => RegistryName.Names(r, registry)) || NamedInEnvironmentAsInsecure(registry))
        {
            return RegistryTransport.PlainHttp;
        }

        return RegistryName.IsLoopback(registry) ? RegistryTransport.HttpsThenPlainHttp : RegistryTransport.Https;
    }

    /// <summary>Whether <paramref name="registry"/> is spoken to over plain HTTP without trying HTTPS.</summary>
    public bool UsesPlainHttp(string registry) => TransportFor(registry) == RegistryTransport.PlainHttp;

    internal bool SkipsTlsVerify(string host) => SkipTlsVerify || SkipTlsVerifyRegistries.Any(r => RegistryName.NamesHost(r, host));

    internal int RetriesFor(RegistryAccess? access) => Math.Max(0, access == RegistryAccess.Push ? PushRetries : PullRetries);

    private bool NamedInEnvironmentAsInsecure(string registry)
        => Environment["DOTNET_CONTAINER_INSECURE_REGISTRIES"] is { } list
            && list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(r => RegistryName.Names(r, registry));
}
