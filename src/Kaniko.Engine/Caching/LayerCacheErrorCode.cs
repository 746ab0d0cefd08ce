namespace Kaniko.Engine.Caching;

/// <summary>Stable codes of the layer cache (KANIKO46xx); all but the last are warnings.</summary>
internal static class LayerCacheErrorCode
{
    /// <summary>A cached layer is corrupt or missing; the step is rebuilt.</summary>
    public const string CachedLayerDamaged = "KANIKO4601";

    /// <summary>The cache folder's layers/index.json is unreadable; nothing in it is used.</summary>
    public const string IndexUnreadable = "KANIKO4602";

    /// <summary>A lookup in the cache repository failed; the step runs.</summary>
    public const string LookupFailed = "KANIKO4603";

    /// <summary>--cache cannot work as asked.</summary>
    public const string CacheUnusable = "KANIKO4604";

    /// <summary>Storing a new cache entry failed; the build goes on without it.</summary>
    public const string StoreFailed = "KANIKO4605";

    /// <summary>--cache-repo is not a repository name.</summary>
    public const string InvalidCacheRepository = "KANIKO4606";
}
