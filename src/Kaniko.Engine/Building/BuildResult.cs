using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

public sealed record BuildResult(
    Digest ManifestDigest,
    string ManifestMediaType,
    IReadOnlyList<string> PushedReferences,
    IReadOnlyList<BuiltLayer> Layers,
    TimeSpan Duration)
{
    /// <summary>Every instruction the build ran, stage by stage: whether the layer cache supplied it, and its key.</summary>
    public IReadOnlyList<BuildStep> Steps { get; init; } = [];
}

/// <summary>A layer of the result; <see cref="FromBase"/> marks layers reused from the base image.</summary>
public sealed record BuiltLayer(Digest Digest, long Size, bool FromBase, string CreatedBy);

/// <summary>
/// One instruction of a build: <see cref="Cached"/> when its layer came from the layer cache instead
/// of executing; <see cref="CacheKey"/> is its composite key (null without --cache).
/// </summary>
public sealed record BuildStep(string Stage, string Instruction, string? CacheKey, bool Cached);
