using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching;

/// <summary>
/// Layers by key in a registry repository (<c>--cache-repo</c>): each a one-layer image
/// (<see cref="CacheImage"/>) tagged with its key. A layer is downloaded into the build's blob
/// store with its size and digest verified before anything extracts it.
/// </summary>
internal sealed class RegistryLayerCache(RegistryClient registry, ImageReference repository, TimeProvider time, ILogger logger) : ILayerCacheStore
{
    public string Name => repository.Name;

    public async Task<LayerCacheEntry?> LookupAsync(string key, CancellationToken cancellationToken)
    {
        var tagged = repository.WithTag(key);
        try
        {
            var response = await registry.GetManifestAsync(tagged, cancellationToken).ConfigureAwait(false);
            if (!MediaTypes.IsManifest(response.MediaType))
            {
                return null;
            }

            return CacheImage.Read(key, ImageManifest.Parse(response.Bytes));
        }
        catch (RegistryException error) when (error.StatusCode == 404)
        {
            return null;
        }
        catch (KanikoException error)
        {
            logger.LogWarning(LayerCacheErrorCode.LookupFailed + ": looking {Key} up in the cache repository {Repository} failed ({Reason}); the step runs", key[..12], repository.Name, error.Message);
            return null;
        }
    }

    public async Task<LocalLayer?> FetchAsync(LayerCacheEntry entry, BlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry.Layer);
        try
        {
            var path = await blobs.DownloadAsync(registry, repository, entry.Layer, cancellationToken).ConfigureAwait(false);
            return new LocalLayer(entry.Layer, entry.DiffId!.Value, path);
        }
        catch (KanikoException error)
        {
            logger.LogWarning(LayerCacheErrorCode.CachedLayerDamaged + ": the cached layer {Digest} from {Repository} did not verify ({Reason}); the step runs", entry.Layer.Digest, repository.Name, error.Message);
            return null;
        }
    }

    public async Task StoreAsync(LayerCacheRecord record, CancellationToken cancellationToken)
    {
        var (manifest, config, configDescriptor) = CacheImage.Create(record, time.GetUtcNow());
        if (record.Layer is { } layer)
        {
            await using var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await registry.UploadBlobAsync(repository, layer.Descriptor.Digest, layer.Descriptor.Size, blob, cancellationToken).ConfigureAwait(false);
        }

        using (var configStream = new MemoryStream(config, writable: false))
        {
            await registry.UploadBlobAsync(repository, configDescriptor.Digest, config.Length, configStream, cancellationToken).ConfigureAwait(false);
        }

        await registry.PutManifestAsync(repository.WithTag(record.Key), MediaTypes.OciManifest, manifest, cancellationToken).ConfigureAwait(false);
    }

    public Task<string?> ExplainMissAsync(string parent, string fieldDigests, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
