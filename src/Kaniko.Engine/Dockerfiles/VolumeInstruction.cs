namespace Kaniko.Engine.Dockerfiles;

/// <summary>VOLUME ["/a", "/b"] or VOLUME /a /b; paths are raw and expanded at build time.</summary>
public sealed record VolumeInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Paths)
    : Instruction(Location, Text);
