using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>
/// A single-platform image as pulled: <see cref="Reference"/> is pinned to <see cref="ManifestDigest"/>
/// (the platform's manifest, not the index). The byte arrays are exactly what the registry served.
/// </summary>
public sealed record ResolvedImage(
    ImageReference Reference,
    ImageManifest Manifest,
    byte[] ManifestBytes,
    Digest ManifestDigest,
    ImageConfig Config,
    byte[] ConfigBytes);
