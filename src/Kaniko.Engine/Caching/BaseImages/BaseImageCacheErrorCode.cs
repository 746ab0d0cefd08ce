namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>The stable codes (KANIKO47xx) of the base-image cache and the warmer.</summary>
public static class BaseImageCacheErrorCode
{
    /// <summary>An offline build names an image that was never warmed into the cache folder.</summary>
    public const string NotWarmed = "KANIKO4701";

    /// <summary>An offline build needs a platform of a warmed image that was not warmed.</summary>
    public const string PlatformNotWarmed = "KANIKO4702";

    /// <summary>An offline build found a cached blob damaged (digest mismatch, truncated, missing).</summary>
    public const string Damaged = "KANIKO4703";

    /// <summary><c>--offline</c> without <c>--cache-dir</c>.</summary>
    public const string OfflineWithoutCache = "KANIKO4704";

    /// <summary>A <c>--cache-ttl</c> that is no Go duration, or negative.</summary>
    public const string InvalidTtl = "KANIKO4705";

    /// <summary>A warm with nothing to warm: no <c>--image</c>, and no registry image in the Dockerfile.</summary>
    public const string NothingToWarm = "KANIKO4706";

    /// <summary>The cache folder's index.json is not what this program writes.</summary>
    public const string IndexDamaged = "KANIKO4707";

    /// <summary>The Dockerfile given to warm does not exist.</summary>
    public const string DockerfileMissing = "KANIKO4709";
}
