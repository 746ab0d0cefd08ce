using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// What reading an image out of the cache folder found: the image, or why not (<see cref="Miss"/>,
/// with a sentence for the log or the error).
/// </summary>
internal sealed record CachedImageRead(LocalImage? Image, CacheMiss Miss, string Detail)
{
    public static CachedImageRead Found(LocalImage image) => new(image, CacheMiss.None, string.Empty);
}

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
