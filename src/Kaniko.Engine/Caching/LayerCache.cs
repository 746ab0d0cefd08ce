using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching;

/// <summary>
/// One build's layer cache: the stores it looks in (the local folder first, then the registry
/// repository) and the stores it writes to, in the background. A store that fails only warns;
/// <see cref="FlushAsync"/> waits for every write before the build returns.
/// </summary>
internal sealed class LayerCache
{
    private readonly IReadOnlyList<ILayerCacheStore> _lookIn;
    private readonly IReadOnlyList<ILayerCacheStore> _writeTo;
    private readonly BlobStore _blobs;
    private readonly ILogger _logger;
    private readonly BackgroundWork _writes = new();

    public LayerCache(IReadOnlyList<ILayerCacheStore> lookIn, IReadOnlyList<ILayerCacheStore> writeTo, LayerCacheOptions options, BlobStore blobs, ILogger logger)
    {
        _lookIn = lookIn;
        _writeTo = writeTo;
        Options = options;
        _blobs = blobs;
        _logger = logger;
    }

    public LayerCacheOptions Options { get; }

    /// <summary>
    /// The first unexpired entry under <paramref name="key"/> and its store, or null; never throws
    /// (a lookup nobody awaits any more must not fault).
    /// </summary>
    public async Task<(ILayerCacheStore Store, LayerCacheEntry Entry)?> LookUpAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var store in _lookIn)
            {
                var entry = await store.LookupAsync(key, cancellationToken).ConfigureAwait(false);
                if (entry is null)
                {
                    continue;
                }

                if (Options.Time.GetUtcNow() - entry.Created > Options.TimeToLive)
                {
                    _logger.LogDebug("The entry {Key} in {Store} expired ({Created:u}, --cache-ttl {Ttl})", key[..12], store.Name, entry.Created, Options.TimeToLive);
                    continue;
                }

                return (store, entry);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or KanikoException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("Looking {Key} up failed: {Reason}", key[..12], error.Message);
        }

        return null;
    }

    /// <summary>The entry's layer, verified, in the build's blob store; null after a warning when it does not verify.</summary>
    public async Task<CachedLayer?> FetchAsync(ILayerCacheStore store, LayerCacheEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Layer is null)
        {
            return new CachedLayer(null, entry.CreatedBy, store.Name);
        }

        return await store.FetchAsync(entry, _blobs, cancellationToken).ConfigureAwait(false) is { } layer
            ? new CachedLayer(layer, entry.CreatedBy, store.Name)
            : null;
    }

    public async Task<string?> ExplainMissAsync(string parent, string fieldDigests, CancellationToken cancellationToken)
    {
        foreach (var store in _lookIn)
        {
            if (await store.ExplainMissAsync(parent, fieldDigests, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    public void StoreInBackground(LayerCacheRecord record, CancellationToken cancellationToken) =>
        StoreInBackground(_writeTo, record, cancellationToken);

    /// <summary>
    /// A hit from a store looked in later (the registry) is also written to those looked in before
    /// it (the folder), so the next build finds it there, even offline.
    /// </summary>
    public void CopyToEarlierStores(CachedLayer hit, LayerCacheRecord record, CancellationToken cancellationToken) =>
        StoreInBackground(_lookIn.TakeWhile(store => store.Name != hit.StoreName).Where(_writeTo.Contains).ToList(), record, cancellationToken);

    /// <summary>Waits for every background write; none throws.</summary>
    public Task FlushAsync() => _writes.FlushAsync();

    private void StoreInBackground(IReadOnlyList<ILayerCacheStore> stores, LayerCacheRecord record, CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            _writes.Start(() => StoreAsync(store, record, cancellationToken), cancellationToken);
        }
    }

    private async Task StoreAsync(ILayerCacheStore store, LayerCacheRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await store.StoreAsync(record, cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("Stored {Key} in {Store}", record.Key[..12], store.Name);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or KanikoException or HttpRequestException)
        {
            _logger.LogWarning(LayerCacheErrorCode.StoreFailed + ": storing the cache entry {Key} in {Store} failed ({Reason}); the build goes on without it", record.Key[..12], store.Name, error.Message);
        }
    }

    /// <summary>A <c>--cache-repo</c> value: a repository, without tag or digest.</summary>
    internal static ImageReference ParseRepository(string named) =>
        ImageReference.TryParse(named, out var reference) && reference.Tag is null or ImageReference.DefaultTag && reference.Digest is null
            ? reference
            : throw new KanikoException(LayerCacheErrorCode.InvalidCacheRepository, $"--cache-repo '{named}' is not a repository name such as registry.example/app/cache (no tag or digest).");
}
