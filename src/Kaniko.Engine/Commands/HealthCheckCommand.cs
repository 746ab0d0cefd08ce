using System.Globalization;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Commands;

/// <summary>Sets (or with NONE disables) the container's health check; durations are stored in nanoseconds.</summary>
internal sealed class HealthCheckCommand(HealthCheckInstruction instruction) : BuildCommand
{
    private const long NanosecondsPerTick = 100;

    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var health = new HealthCheck
        {
            Test = [.. instruction.Test],
            Interval = Nanoseconds(instruction.Interval),
            Timeout = Nanoseconds(instruction.Timeout),
            StartPeriod = Nanoseconds(instruction.StartPeriod),
            StartInterval = Nanoseconds(instruction.StartInterval),
            Retries = instruction.Retries,
        };
        stage.ContainerConfig.Healthcheck = health;
        return Task.FromResult(CommandResult.Metadata("HEALTHCHECK " + HistoryTextOf(health)));
    }

    private static long? Nanoseconds(TimeSpan? duration) => duration is { } value ? value.Ticks * NanosecondsPerTick : null;

    // BuildKit formats the config struct with Go's %q: &{["CMD" "x"] "30s" "0s" "0s" "0s" '\x03'}.
    private static string HistoryTextOf(HealthCheck health)
    {
        var durations = new[] { health.Interval, health.Timeout, health.StartPeriod, health.StartInterval }
            .Select(d => "\"" + GoDurationText(d ?? 0) + "\"");
        return "&{" + HistoryText.QuotedList(health.Test!) + " " + string.Join(' ', durations) + " " + GoRune(health.Retries ?? 0) + "}";
    }

    internal static string GoDurationText(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        if (nanoseconds < 1_000_000_000)
        {
            return nanoseconds % 1_000_000 == 0
                ? (nanoseconds / 1_000_000).ToString(CultureInfo.InvariantCulture) + "ms"
                : (nanoseconds / 1_000_000.0).ToString("0.######", CultureInfo.InvariantCulture) + "ms";
        }

        var hours = nanoseconds / 3_600_000_000_000;
        var minutes = nanoseconds / 60_000_000_000 % 60;
        var seconds = (nanoseconds % 60_000_000_000) / 1_000_000_000.0;
        var text = seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m{text}");
        }

        return minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{minutes}m{text}") : text;
    }

    private static string GoRune(int value) => value is < 0x20 or 0x7F
        ? string.Create(CultureInfo.InvariantCulture, $"'\\x{value:x2}'")
        : "'" + char.ConvertFromUtf32(value) + "'";
}
