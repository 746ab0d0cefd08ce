using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Building;

/// <summary>Everything one build needs, as the front doors translate it from their world.</summary>
public sealed record BuildRequest
{
    public required string ContextDirectory { get; init; }

    /// <summary>The Dockerfile; relative paths are taken from the context folder.</summary>
    public string DockerfilePath { get; init; } = "Dockerfile";

    public IReadOnlyList<string> Destinations { get; init; } = [];

    /// <summary>Build without pushing to the destinations (they still name the image in other outputs).</summary>
    public bool NoPush { get; init; }

    public string? OciLayoutPath { get; init; }

    /// <summary>A docker-archive tar, as <c>docker save</c> writes and <c>docker load</c> reads.</summary>
    public string? TarPath { get; init; }

    public string? DigestFile { get; init; }

    /// <summary>Each destination as <c>repo@digest</c>, one a line (kaniko's --image-name-with-digest-file).</summary>
    public string? ImageNameWithDigestFile { get; init; }

    /// <summary>Each destination as <c>repo:tag@digest</c>, one a line (kaniko's --image-name-tag-with-digest-file).</summary>
    public string? ImageNameTagWithDigestFile { get; init; }

    /// <summary>--build-arg NAME=VALUE; a null value takes NAME from the environment.</summary>
    public IReadOnlyDictionary<string, string?> BuildArguments { get; init; } = new Dictionary<string, string?>();

    /// <summary>The stage to build (--target); null builds the last.</summary>
    public string? Target { get; init; }

    /// <summary>Labels set on the image after every instruction (--label).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public ImageFormat ImageFormat { get; init; } = ImageFormat.Base;

    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>();

    /// <summary>TLS, credentials and retries for every registry; <see cref="InsecureRegistries"/> is added to its own.</summary>
    public RegistrySettings Registries { get; init; } = new();

    public Platform? Platform { get; init; }

    /// <summary>Fixed mtimes and created times, so the same input gives the same digest.</summary>
    public bool Reproducible { get; init; }

    /// <summary>How new layers are compressed (<c>--compression</c>); zstd and none give OCI layer media types.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary><c>--compression-level</c>: gzip 0-9, zstd 1-22; null for the writer's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>
    /// <c>--single-snapshot</c>: one layer per stage for all its instructions' file changes, found by
    /// walking the stage root before the first and after the last instruction.
    /// </summary>
    public bool SingleSnapshot { get; init; }

    /// <summary>How RUN executes and snapshots: the snapshotter, the walk's mode, cache mounts and secrets.</summary>
    public Sandbox.RunOptions Run { get; init; } = new();

    /// <summary>The layer cache: <c>--cache</c>, <c>--cache-repo</c>, <c>--cache-ttl</c> and the rest.</summary>
    public Caching.LayerCacheOptions Cache { get; init; } = new();

    /// <summary>Where stage roots and blobs live during the build; a temp folder when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>
    /// <c>--cache-dir</c>: a folder filled by <c>dotnet kaniko warm</c>; registry base images are taken from
    /// its <c>images/</c> OCI layout first, and ones pulled are stored there. With <see cref="Cache"/>
    /// enabled its <c>layers/</c> holds layers by key.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Extract the base of every stage, also of stages that run nothing (which otherwise take their
    /// base's files from cached layer listings, on demand): the slow way, kept to compare against.
    /// </summary>
    internal bool ExtractEveryBase { get; init; }

    /// <summary><c>--offline</c>: registry base images come from <see cref="CacheDirectory"/> only; no request is made for them.</summary>
    public bool Offline { get; init; }
}
