using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>Where cached layers live: a local folder or a registry repository.</summary>
internal interface ILayerCacheStore
{
    /// <summary>For logs: the folder or the repository.</summary>
    string Name { get; }

    /// <summary>The entry stored under <paramref name="key"/>, or null; cheap (no layer is read).</summary>
    Task<LayerCacheEntry?> LookupAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the entry's layer into <paramref name="blobs"/>, verifying size and digest; null (after a
    /// warning) when the stored blob is missing, truncated or corrupt.
    /// </summary>
    Task<LocalLayer?> FetchAsync(LayerCacheEntry entry, BlobStore blobs, CancellationToken cancellationToken);

    Task StoreAsync(LayerCacheRecord record, CancellationToken cancellationToken);

    /// <summary>Why <paramref name="key"/> missed, when a stored key of the same parent tells; null otherwise.</summary>
    Task<string?> ExplainMissAsync(string parent, string fieldDigests, CancellationToken cancellationToken);
}
