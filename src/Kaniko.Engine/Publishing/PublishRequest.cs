using System.Text.Json;
using Kaniko.Engine.Building;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Publishing;

/// <summary>
/// The image a publish asks for, as the MSBuild task reads it from the project: every path absolute,
/// no credentials (those stay in the registries' own configuration). The one copy of the publish
/// path's request: sent as it is to the build server, hashed as it is into the
/// <see cref="PublishFingerprint"/>, and made the engine's <see cref="BuildRequest"/> in one place.
/// </summary>
public sealed record PublishRequest
{
    /// <summary>The publish folder.</summary>
    public required string ContextDirectory { get; init; }

    public required string DockerfilePath { get; init; }

    /// <summary>Where the image is pushed, or, with <see cref="NoPush"/>, the names the archive records.</summary>
    public IReadOnlyList<string> Destinations { get; init; } = [];

    public bool NoPush { get; init; }

    public string? OciLayoutPath { get; init; }

    /// <summary>A docker-archive tar (ContainerArchiveOutputPath).</summary>
    public string? TarPath { get; init; }

    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Pulls from a registry FROM try TO first (a mirror): normalized names, as <see cref="PullSources.ParseRegistryMaps"/> gives them.</summary>
    public IReadOnlyDictionary<string, string> RegistryMaps { get; init; } = new Dictionary<string, string>();

    /// <summary>A null value takes the build argument from the environment.</summary>
    public IReadOnlyDictionary<string, string?> BuildArguments { get; init; } = new Dictionary<string, string?>();

    public ImageFormat ImageFormat { get; init; } = ImageFormat.Base;

    public Platform? Platform { get; init; }

    public bool Reproducible { get; init; }

    public string? CacheDirectory { get; init; }

    public bool Cache { get; init; }

    public string? CacheRepository { get; init; }

    public BuildRequest ToBuildRequest() => new()
    {
        ContextDirectory = ContextDirectory,
        DockerfilePath = DockerfilePath,
        Destinations = Destinations,
        NoPush = NoPush,
        OciLayoutPath = OciLayoutPath,
        TarPath = TarPath,
        InsecureRegistries = InsecureRegistries.ToHashSet(StringComparer.OrdinalIgnoreCase),
        Registries = new RegistrySettings { RegistryMaps = new Dictionary<string, string>(RegistryMaps, StringComparer.OrdinalIgnoreCase) },
        BuildArguments = BuildArguments,
        ImageFormat = ImageFormat,
        Platform = Platform,
        Reproducible = Reproducible,
        CacheDirectory = CacheDirectory,
        Cache = new LayerCacheOptions { Enabled = Cache, Repository = CacheRepository },
    };

    /// <summary>The request as UTF-8 JSON: what the build server receives and the fingerprint hashes.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, PublishJsonContext.Default.PublishRequest);

    public static PublishRequest? FromJson(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize(json, PublishJsonContext.Default.PublishRequest);
}
