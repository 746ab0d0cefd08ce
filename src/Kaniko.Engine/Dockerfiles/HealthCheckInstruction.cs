namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// HEALTHCHECK [--interval] [--timeout] [--start-period] [--start-interval] [--retries] CMD command,
/// or HEALTHCHECK NONE. <see cref="Test"/> is the image config's form: ["NONE"], ["CMD", args...]
/// or ["CMD-SHELL", command]. Durations not given are null (the runtime's defaults apply).
/// </summary>
public sealed record HealthCheckInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Test)
    : Instruction(Location, Text)
{
    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public TimeSpan? StartPeriod { get; init; }

    public TimeSpan? StartInterval { get; init; }

    public int? Retries { get; init; }
}
