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

    /// <summary>Where stage roots and blobs live during the build; a temp folder when null.</summary>
    public string? WorkDirectory { get; init; }
}
