namespace Kaniko.Engine.Dockerfiles;

/// <summary>LABEL k=v ... or LABEL k v; values are raw (quotes kept) and expanded at build time.</summary>
public sealed record LabelInstruction(SourceLocation Location, string Text, IReadOnlyList<KeyValuePair<string, string>> Labels)
    : Instruction(Location, Text);
