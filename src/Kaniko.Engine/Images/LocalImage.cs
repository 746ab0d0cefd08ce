namespace Kaniko.Engine.Images;

/// <summary>
/// An image whose blobs are all files on this machine: what base-image sources produce and what
/// every output (registry push, OCI layout, docker archive) consumes. The manifest and config are
/// kept as the exact bytes their digests are computed over.
/// </summary>
public sealed record LocalImage(
    ImageManifest Manifest,
    byte[] ManifestBytes,
    ImageConfig Config,
    byte[] ConfigBytes,
    IReadOnlyList<LocalLayer> Layers)
{
    public Digest ManifestDigest { get; } = Digest.Sha256(ManifestBytes);

    public string ManifestMediaType => Manifest.MediaType ?? MediaTypes.OciManifest;
}
