using System.Globalization;

namespace Kaniko.Engine.Building;

/// <summary>Sizes and times as BuildKit's plain progress prints them.</summary>
internal static class StepLog
{
    public static string Size(long bytes) => bytes switch
    {
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e3:F1} kB"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e9:F2} GB"),
    };

    public static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:F1}s");
}
