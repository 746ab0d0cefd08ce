namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>Why an image could not be read out of the cache folder.</summary>
internal enum CacheMiss
{
    None,

    /// <summary>The manifest or index is not in the folder.</summary>
    NotCached,

    /// <summary>The index is, but not the manifest of the platform asked for.</summary>
    PlatformNotCached,

    /// <summary>A blob is missing, truncated or does not match its digest.</summary>
    Damaged,
}
