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
