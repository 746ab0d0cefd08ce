namespace Kaniko.Engine.Dockerfiles;

/// <summary>ARG name[=default] ...; defaults are raw (quotes kept) and expanded when the ARG is reached.</summary>
public sealed record ArgInstruction(SourceLocation Location, string Text, IReadOnlyList<BuildArgument> Arguments)
    : Instruction(Location, Text);
