using System.Globalization;

namespace Kaniko.Engine.Building;

/// <summary>The time a build stamps on its image: SOURCE_DATE_EPOCH or the epoch when reproducible.</summary>
internal static class BuildClock
{
    public static DateTimeOffset CreatedTime(bool reproducible)
    {
        if (!reproducible)
        {
            return DateTimeOffset.UtcNow;
        }

        var epoch = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        return long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;
    }
}
