using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// One entry of the cache's index: the reference as warmed (normalized, <c>registry/repository:tag</c>
/// or <c>...@digest</c>), the manifest or index it named then (as the registry served it), and when it
/// was fetched.
/// </summary>
public sealed record WarmedImage(string Reference, Descriptor Manifest, DateTimeOffset Fetched)
{
    /// <summary>Older than <paramref name="ttl"/> at <paramref name="now"/>; a null TTL never expires.</summary>
    public bool IsExpired(TimeSpan? ttl, DateTimeOffset now) => ttl is { } limit && now - Fetched > limit;
}
