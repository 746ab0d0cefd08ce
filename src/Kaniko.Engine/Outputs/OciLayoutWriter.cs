using System.Text;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// Writes an image into an OCI image layout folder, adding to what is there: blobs already present
/// are kept, and an index entry with the same ref name is replaced. A Docker schema 2 image is
/// written with OCI media types (as skopeo converts it), since OCI tools (umoci, oci-image-tool) read
/// only those; its config and layers are unchanged, its manifest digest therefore differs.
/// </summary>
public static class OciLayoutWriter
{
    // A tmp- file this old in a layout is a killed writer's; a live write touches its file constantly.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// A killed write leaves the previous layout or none, never a half one: a new layout is made beside
    /// <paramref name="directory"/> and renamed into place whole; an existing one gets its new blobs
    /// first and its new index.json, renamed over the old one, last.
    /// </summary>
    public static async Task WriteAsync(LocalImage image, string directory, IReadOnlyCollection<string> refNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        image = AsOci(image);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            await AddAsync(image, directory, refNames, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StagedOutput.WriteFolderAsync(directory, (staging, token) => AddAsync(image, staging, refNames, token), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddAsync(LocalImage image, string directory, IReadOnlyCollection<string> refNames, CancellationToken cancellationToken)
    {
        var layout = new OciLayoutFolder(directory);
        await layout.CreateAsync(cancellationToken).ConfigureAwait(false);
        DurableFile.SweepAbandoned(directory, AbandonedAfter);
        DurableFile.SweepAbandoned(Path.Combine(directory, "blobs", Digest.Sha256Algorithm), AbandonedAfter);

        foreach (var layer in image.Layers)
        {
            await layer.EnsureLocalAsync(cancellationToken).ConfigureAwait(false);
            await CopyBlobAsync(layer.BlobPath, OciLayout.BlobPath(directory, layer.Descriptor.Digest), cancellationToken).ConfigureAwait(false);
        }

        await WriteBlobAsync(directory, image.Manifest.Config.Digest, image.ConfigBytes, cancellationToken).ConfigureAwait(false);
        await WriteBlobAsync(directory, image.ManifestDigest, image.ManifestBytes, cancellationToken).ConfigureAwait(false);

        var index = await layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var names = refNames.Count == 0 ? [null] : refNames.Cast<string?>().ToList();
        index.Manifests.RemoveAll(m => names.Contains(OciLayout.RefName(m)));
        foreach (var name in names)
        {
            index.Manifests.Add(new Descriptor
            {
                MediaType = image.ManifestMediaType,
                Digest = image.ManifestDigest,
                Size = image.ManifestBytes.Length,
                Annotations = name is null ? null : new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = name },
            });
        }

        await layout.WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image with OCI media types: a Docker manifest is rewritten, an OCI one returned as it is.</summary>
    public static LocalImage AsOci(LocalImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ManifestMediaType != MediaTypes.DockerManifest)
        {
            return image;
        }

        var manifest = ImageManifest.Parse(image.ManifestBytes);
        manifest.MediaType = MediaTypes.OciManifest;
        manifest.Config.MediaType = MediaTypes.OciConfig;
        foreach (var layer in manifest.Layers)
        {
            layer.MediaType = layer.MediaType switch
            {
                MediaTypes.DockerLayerGzip => MediaTypes.OciLayerGzip,
                MediaTypes.DockerForeignLayerGzip => MediaTypes.OciNondistributableLayerGzip,
                _ => layer.MediaType,
            };
        }

        var layers = image.Layers.Select((layer, i) => layer with { Descriptor = manifest.Layers[i] }).ToList();
        return new LocalImage(manifest, manifest.ToJson(), image.Config, image.ConfigBytes, layers);
    }

    private static async Task CopyBlobAsync(string source, string destination, CancellationToken cancellationToken)
    {
        if (File.Exists(destination))
        {
            return;
        }

        await DurableFile.LinkOrCopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteBlobAsync(string directory, Digest digest, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = OciLayout.BlobPath(directory, digest);
        if (!File.Exists(path))
        {
            await DurableFile.WriteAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        }
    }
}
