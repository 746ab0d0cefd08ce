namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// RUN [--mount=...]... [--network=default|none|host] [--security=sandbox|insecure] command.
/// Exec form: the JSON array's strings; shell form: one element, the command text.
/// </summary>
public sealed record RunInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Arguments, bool IsExecForm)
    : Instruction(Location, Text)
{
    public IReadOnlyList<RunMount> Mounts { get; init; } = [];

    public string? Network { get; init; }

    public string? Security { get; init; }

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
}
