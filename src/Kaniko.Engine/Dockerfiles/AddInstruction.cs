namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// ADD [--chown=u:g] [--chmod=m] [--link] [--checksum=sha256:...] [--keep-git-dir] [--exclude=p]...
/// src... dest; sources may be URLs, git repositories, archives or heredocs.
/// </summary>
public sealed record AddInstruction(
    SourceLocation Location,
    string Text,
    IReadOnlyList<string> Sources,
    string Destination,
    string? Chown,
    string? Chmod)
    : Instruction(Location, Text)
{
    public bool Link { get; init; }

    public string? Checksum { get; init; }

    public bool KeepGitDir { get; init; }

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public IReadOnlyList<Heredoc> Heredocs { get; init; } = [];
}
