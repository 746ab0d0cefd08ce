namespace Kaniko.Engine.Dockerfiles;

/// <summary>SHELL ["executable", "parameters"...]: always the JSON form.</summary>
public sealed record ShellInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Shell)
    : Instruction(Location, Text);
