using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaniko.Engine;

/// <summary>Durations as Go writes them (HEALTHCHECK flags, <c>--cache-ttl</c>): "30s", "1m30s", "1.5h", "250ms", "0".</summary>
internal static partial class GoDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        double ticks = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitPattern().Match(part.Value);
            var number = double.Parse(part.Value[..unit.Index], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            ticks += number * unit.Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks * (match.Groups["sign"].Value == "-" ? -1 : 1));
        return true;
    }

    [GeneratedRegex(@"^(?<sign>[-+]?)(?<part>(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(ns|us|µs|ms|s|m|h)$")]
    private static partial Regex UnitPattern();
}
