namespace Kaniko.Engine.Dockerfiles;

/// <summary>ENV k=v ... or ENV k v; values are raw (quotes kept) and expanded at build time.</summary>
public sealed record EnvInstruction(SourceLocation Location, string Text, IReadOnlyList<KeyValuePair<string, string>> Variables)
    : Instruction(Location, Text);
