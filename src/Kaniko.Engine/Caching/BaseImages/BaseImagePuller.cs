using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// Pulls an image into the cache folder: its manifest or index, and for each platform asked for
/// the platform's manifest, config and layers; then points the reference at it in the index. A
/// blob already stored is kept when it verifies, unless <c>force</c> asks for everything again.
/// </summary>
internal sealed class BaseImagePuller(RegistryClient registry, BaseImageStore store, WarmedImageIndex index, ILogger logger)
{
    private const int ParallelDownloads = 3;

    public async Task<PulledImage> PullAsync(ImageReference reference, IReadOnlyList<Platform> platforms, bool force, CancellationToken cancellationToken)
    {
        await store.CreateAsync(cancellationToken).ConfigureAwait(false);
        var (source, top) = await registry.GetManifestFromSourcesAsync(reference, cancellationToken).ConfigureAwait(false);
        var manifests = new List<byte[]>();
        if (MediaTypes.IsIndex(top.MediaType))
        {
            var offered = ImageIndex.Parse(top.Bytes);
            foreach (var platform in platforms)
            {
                var chosen = offered.SelectPlatform(platform) ?? throw RegistryFailures.NoPlatform(reference, platform, offered);
                var bytes = force ? null : await store.TryReadAsync(chosen.Digest, cancellationToken).ConfigureAwait(false);
                manifests.Add(bytes ?? await FetchManifestAsync(source.WithDigest(chosen.Digest), cancellationToken).ConfigureAwait(false));
            }
        }
        else
        {
            manifests.Add(EnsureManifest(reference, top));
        }

        var blobs = new Dictionary<Digest, Descriptor>();
        foreach (var bytes in manifests)
        {
            var manifest = ImageManifest.Parse(bytes);
            foreach (var blob in manifest.Layers.Prepend(manifest.Config))
            {
                blobs.TryAdd(blob.Digest, blob);
            }
        }

        int downloaded = 0;
        long bytesDownloaded = 0;
        await Parallel.ForEachAsync(
            blobs.Values,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads, CancellationToken = cancellationToken },
            async (blob, token) =>
            {
                if (!force && await store.VerifyAsync(blob, token).ConfigureAwait(false))
                {
                    return;
                }

                await store.DownloadAsync(registry, source, blob, token).ConfigureAwait(false);
                Interlocked.Increment(ref downloaded);
                Interlocked.Add(ref bytesDownloaded, blob.Size);
            }).ConfigureAwait(false);

        // Blobs first, the index entry last: an entry never points at what is not there.
        foreach (var bytes in manifests)
        {
            await store.WriteAsync(Digest.Sha256(bytes), bytes, cancellationToken).ConfigureAwait(false);
        }

        await store.WriteAsync(top.Digest, top.Bytes, cancellationToken).ConfigureAwait(false);
        var descriptor = new Descriptor { MediaType = top.MediaType, Digest = top.Digest, Size = top.Bytes.Length };
        await index.RecordAsync(reference, descriptor, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "Cached {Reference} ({Digest}) for {Platforms}: {Blobs} blobs downloaded ({Bytes} bytes)",
            reference, top.Digest, string.Join(", ", platforms), downloaded, bytesDownloaded);
        return new PulledImage(reference, top.Digest, downloaded, bytesDownloaded);
    }

    private async Task<byte[]> FetchManifestAsync(ImageReference pinned, CancellationToken cancellationToken)
    {
        var response = await registry.GetManifestAsync(pinned, cancellationToken).ConfigureAwait(false);
        return EnsureManifest(pinned, response);
    }

    private static byte[] EnsureManifest(ImageReference reference, ManifestResponse response)
        => MediaTypes.IsManifest(response.MediaType) ? response.Bytes : throw RegistryFailures.NotAnImage(reference, response.MediaType);
}
