using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>
/// A stored step found by key: its layer's descriptor and diff id (both null for a step that changed
/// no file), its history text and when it was stored.
/// </summary>
internal sealed record LayerCacheEntry(string Key, Descriptor? Layer, Digest? DiffId, string CreatedBy, DateTimeOffset Created);

/// <summary>A new layer to store under <see cref="Key"/>, with what explains a later miss (its parent and field digests).</summary>
internal sealed record LayerCacheRecord(string Key, LocalLayer? Layer, string CreatedBy, string Parent, string FieldDigests, Platform Platform);

/// <summary>A cache hit ready to apply: the verified layer in the build's blob store (null: no layer) and its history text.</summary>
internal sealed record CachedLayer(LocalLayer? Layer, string CreatedBy, string StoreName);
