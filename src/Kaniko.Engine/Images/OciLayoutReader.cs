namespace Kaniko.Engine.Images;

/// <summary>Reads one image out of an OCI image layout folder; its blobs stay where they are.</summary>
public static class OciLayoutReader
{
    public static async Task<LocalImage> ReadAsync(string directory, string? tag, Platform platform, CancellationToken cancellationToken)
    {
        var layout = new OciLayoutFolder(directory);
        if (!layout.HasIndex)
        {
            throw new KanikoException(ImageErrorCode.NotAnOciLayout, $"'{directory}' is not an OCI image layout: it has no {OciLayout.IndexFileName}.");
        }

        var index = await layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var candidates = index.Manifests
            .Where(m => tag is null || OciLayout.RefName(m) == tag)
            .ToList();
        if (candidates.Count != 1)
        {
            var names = index.Manifests.Select(m => OciLayout.RefName(m) ?? "(untagged)");
            throw new KanikoException(ImageErrorCode.OciLayoutTagNotFound,
                $"The OCI layout '{directory}' has {(candidates.Count == 0 ? "no" : "more than one")} image tagged '{tag ?? "(any)"}'; it has: {string.Join(", ", names)}. Name one as oci:{directory}:TAG.");
        }

        var descriptor = candidates[0];
        if (descriptor.MediaType is MediaTypes.OciIndex or MediaTypes.DockerManifestList)
        {
            var nested = ImageIndex.Parse(await ReadBlobAsync(directory, descriptor.Digest, cancellationToken).ConfigureAwait(false));
            descriptor = nested.SelectPlatform(platform)
                ?? throw new KanikoException(ImageErrorCode.OciLayoutPlatformNotFound, $"The OCI layout '{directory}' has no image for {platform.Os}/{platform.Architecture}.");
        }

        var manifestBytes = await ReadBlobAsync(directory, descriptor.Digest, cancellationToken).ConfigureAwait(false);
        var manifest = ImageManifest.Parse(manifestBytes);
        manifest.MediaType ??= descriptor.MediaType;
        var configBytes = await ReadBlobAsync(directory, manifest.Config.Digest, cancellationToken).ConfigureAwait(false);
        var config = ImageConfig.Parse(configBytes);
        var layers = manifest.Layers
            .Select((layer, i) => new LocalLayer(layer, config.RootFs.DiffIds[i], OciLayout.BlobPath(directory, layer.Digest)))
            .ToList();
        return new LocalImage(manifest, manifestBytes, config, configBytes, layers);
    }

    private static async Task<byte[]> ReadBlobAsync(string directory, Digest digest, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(OciLayout.BlobPath(directory, digest), cancellationToken).ConfigureAwait(false);
        if (Digest.Sha256(bytes) != digest)
        {
            throw new KanikoException(ImageErrorCode.OciLayoutBlobMismatch, $"The blob {digest} in the OCI layout '{directory}' does not match its digest; the layout is damaged.");
        }

        return bytes;
    }
}
