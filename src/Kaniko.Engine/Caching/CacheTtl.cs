using Kaniko.Engine.Caching.BaseImages;

namespace Kaniko.Engine.Caching;

/// <summary>
/// <c>--cache-ttl</c> for cached base images and layers alike, as Go writes durations (kaniko's flag):
/// <c>336h</c>, <c>30m</c>, <c>1h30m</c>, <c>90s</c>; <c>0</c> treats every entry as expired.
/// </summary>
public static class CacheTtl
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(336);

    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (GoDuration.TryParse(text.Trim(), out var ttl) && ttl >= TimeSpan.Zero)
        {
            return ttl;
        }

        throw new KanikoException(BaseImageCacheErrorCode.InvalidTtl, $"--cache-ttl '{text}' is not a duration. Write it as Go does: a number and a unit (h, m, s, ms), e.g. '336h', '30m' or '1h30m'.");
    }
}
