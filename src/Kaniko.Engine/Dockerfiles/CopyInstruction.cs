namespace Kaniko.Engine.Dockerfiles;

/// <summary>COPY [--chown=u:g] [--chmod=m] [--from=stage] src... dest (flag values still unexpanded).</summary>
public sealed record CopyInstruction(
    SourceLocation Location,
    string Text,
    IReadOnlyList<string> Sources,
    string Destination,
    string? Chown,
    string? Chmod,
    string? From)
    : Instruction(Location, Text);
