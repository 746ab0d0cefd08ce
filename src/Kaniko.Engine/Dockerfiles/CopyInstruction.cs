namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// COPY [--from=stage] [--chown=u:g] [--chmod=m] [--link] [--parents] [--exclude=p]... src... dest
/// (words and flag values still unexpanded). A source that names one of <see cref="Heredocs"/>
/// (<c>&lt;&lt;EOF</c>) is inline content.
/// </summary>
public sealed record CopyInstruction(
    SourceLocation Location,
    string Text,
    IReadOnlyList<string> Sources,
    string Destination,
    string? Chown,
    string? Chmod,
    string? From)
    : Instruction(Location, Text)
{
    public bool Link { get; init; }

    public bool Parents { get; init; }

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
}
