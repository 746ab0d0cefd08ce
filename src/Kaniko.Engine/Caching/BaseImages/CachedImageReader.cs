using System.Collections.Concurrent;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// Reads one platform's image out of the cache folder, trusting nothing: the manifest, the config
/// and every layer are hashed against their digests before the build gets them, so a flipped
/// byte on disk is found here and not in the image.
/// </summary>
internal sealed class CachedImageReader(BaseImageStore store)
{
    private const int ParallelChecks = 3;

    /// <param name="top">The manifest or index the reference names; its media type when known.</param>
    public async Task<CachedImageRead> ReadAsync(ImageReference reference, Digest top, string? mediaType, Platform platform, CancellationToken cancellationToken)
    {
        var topBytes = await store.TryReadAsync(top, cancellationToken).ConfigureAwait(false);
        if (topBytes is null)
        {
            return File.Exists(store.BlobPath(top))
                ? new CachedImageRead(null, CacheMiss.Damaged, $"the cached manifest {top} does not match its digest")
                : new CachedImageRead(null, CacheMiss.NotCached, $"{top} is not in the cache");
        }

        var manifestBytes = topBytes;
        var topType = ManifestMediaType.Determine(mediaType, topBytes);
        if (MediaTypes.IsIndex(topType))
        {
            var offered = ImageIndex.Parse(topBytes);
            var chosen = offered.SelectPlatform(platform) ?? throw RegistryFailures.NoPlatform(reference, platform, offered);
            manifestBytes = await store.TryReadAsync(chosen.Digest, cancellationToken).ConfigureAwait(false);
            if (manifestBytes is null)
            {
                return File.Exists(store.BlobPath(chosen.Digest))
                    ? new CachedImageRead(null, CacheMiss.Damaged, $"the cached manifest {chosen.Digest} for {platform} does not match its digest")
                    : new CachedImageRead(null, CacheMiss.PlatformNotCached, $"its image for {platform} was not warmed");
            }
        }

        var manifest = ImageManifest.Parse(manifestBytes);
        manifest.MediaType ??= ManifestMediaType.Determine(MediaTypes.IsIndex(topType) ? null : topType, manifestBytes) ?? MediaTypes.OciManifest;
        var configBytes = await store.TryReadAsync(manifest.Config.Digest, cancellationToken).ConfigureAwait(false);
        if (configBytes is null)
        {
            return new CachedImageRead(null, CacheMiss.Damaged, $"its config {manifest.Config.Digest} is missing or does not match its digest");
        }

        var damaged = new ConcurrentBag<Digest>();
        await Parallel.ForEachAsync(
            manifest.Layers,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelChecks, CancellationToken = cancellationToken },
            async (layer, token) =>
            {
                if (!await store.VerifyAsync(layer, token).ConfigureAwait(false))
                {
                    damaged.Add(layer.Digest);
                }
            }).ConfigureAwait(false);
        if (!damaged.IsEmpty)
        {
            return new CachedImageRead(null, CacheMiss.Damaged, $"its layer {string.Join(", ", damaged.Select(d => d.ToString()).Order(StringComparer.Ordinal))} is missing, truncated or does not match its digest");
        }

        var config = ImageConfig.Parse(configBytes);
        var layers = manifest.Layers
            .Select((layer, i) => new LocalLayer(layer, config.RootFs.DiffIds[i], store.BlobPath(layer.Digest)) { Source = reference })
            .ToList();
        return CachedImageRead.Found(new LocalImage(manifest, manifestBytes, config, configBytes, layers));
    }
}
