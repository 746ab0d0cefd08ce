using Kaniko.Engine.Caching;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Warming;

/// <summary>What <c>dotnet kaniko warm</c> was asked to put into the cache folder.</summary>
public sealed record WarmRequest
{
    /// <summary>The cache folder (<c>--cache-dir</c>); images go to its <c>images/</c> OCI layout.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Registry references (<c>--image</c>).</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>A Dockerfile whose FROM (and COPY --from) registry images are warmed too.</summary>
    public string? DockerfilePath { get; init; }

    /// <summary><c>--build-arg</c> values the Dockerfile's FROM lines are expanded with; a null value is taken from the environment.</summary>
    public IReadOnlyDictionary<string, string?> BuildArguments { get; init; } = new Dictionary<string, string?>();

    /// <summary>The platforms to warm (<c>--custom-platform</c>); this machine's when empty.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    /// <summary>An entry older than this is fetched again (<c>--cache-ttl</c>); null: never.</summary>
    public TimeSpan? Ttl { get; init; } = CacheTtl.Default;

    /// <summary>Fetch everything again, even what the cache holds intact (<c>--force</c>).</summary>
    public bool Force { get; init; }

    public RegistrySettings Registries { get; init; } = new();
}
