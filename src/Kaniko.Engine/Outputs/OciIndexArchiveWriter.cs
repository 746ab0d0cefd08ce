using System.Formats.Tar;
using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// One image per platform in one file: a tar of an OCI image layout whose index.json names, under
/// each tag, an image index over the images (the SDK's archive of a multi-RID publish; <c>skopeo</c>
/// and <c>docker load</c> with containerd read it as <c>oci-archive:FILE:TAG</c>). Blobs are streamed
/// from where they are, each once, with fixed times and owners, so the same images give the same file.
/// </summary>
public static class OciIndexArchiveWriter
{
    public static async Task<Digest> WriteAsync(IReadOnlyList<(LocalImage Image, Platform Platform)> images, string archivePath, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(tags);
        var index = ImageIndex.Over(images.Select(entry => new Descriptor
        {
            MediaType = entry.Image.ManifestMediaType,
            Digest = entry.Image.ManifestDigest,
            Size = entry.Image.ManifestBytes.Length,
            Platform = entry.Platform,
        }));
        var indexBytes = index.ToJson();
        var indexDigest = Digest.Sha256(indexBytes);
        var top = new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciIndex,
            Manifests = tags.Select(tag => new Descriptor
            {
                MediaType = index.MediaType!,
                Digest = indexDigest,
                Size = indexBytes.Length,
                Annotations = new Dictionary<string, string> { [OciLayout.RefNameAnnotation] = tag },
            }).ToList(),
        };

        await StagedOutput.WriteFileAsync(
            archivePath,
            async (file, token) =>
            {
                await using var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true);
                await AddAsync(tar, OciLayout.LayoutFileName, new MemoryStream(Encoding.UTF8.GetBytes(OciLayout.LayoutFileContent)), token).ConfigureAwait(false);
                await AddAsync(tar, OciLayout.IndexFileName, new MemoryStream(top.ToJson()), token).ConfigureAwait(false);
                var written = new HashSet<Digest>();
                await AddBlobAsync(tar, written, indexDigest, () => new MemoryStream(indexBytes), token).ConfigureAwait(false);
                foreach (var (image, _) in images)
                {
                    await AddBlobAsync(tar, written, image.ManifestDigest, () => new MemoryStream(image.ManifestBytes), token).ConfigureAwait(false);
                    await AddBlobAsync(tar, written, image.Manifest.Config.Digest, () => new MemoryStream(image.ConfigBytes), token).ConfigureAwait(false);
                    foreach (var layer in image.Layers)
                    {
                        await layer.EnsureLocalAsync(token).ConfigureAwait(false);
                        await AddBlobAsync(tar, written, layer.Descriptor.Digest, () => new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), token).ConfigureAwait(false);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);

        return indexDigest;
    }

    // Images of several platforms share layers: each blob goes in once.
    private static async Task AddBlobAsync(TarWriter tar, HashSet<Digest> written, Digest digest, Func<Stream> open, CancellationToken cancellationToken)
    {
        if (written.Add(digest))
        {
            await AddAsync(tar, $"blobs/{digest.Algorithm}/{digest.Hex}", open(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddAsync(TarWriter tar, string name, Stream content, CancellationToken cancellationToken)
    {
        await using (content.ConfigureAwait(false))
        {
            await ArchiveFileEntry.WriteAsync(tar, name, content, DateTimeOffset.UnixEpoch, cancellationToken).ConfigureAwait(false);
        }
    }
}
