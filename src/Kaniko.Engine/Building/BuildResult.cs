using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

public sealed record BuildResult(
    Digest ManifestDigest,
    string ManifestMediaType,
    IReadOnlyList<string> PushedReferences,
    IReadOnlyList<BuiltLayer> Layers,
    TimeSpan Duration);

/// <summary>A layer of the result; <see cref="FromBase"/> marks layers reused from the base image.</summary>
public sealed record BuiltLayer(Digest Digest, long Size, bool FromBase, string CreatedBy);
