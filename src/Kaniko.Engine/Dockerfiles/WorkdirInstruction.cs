namespace Kaniko.Engine.Dockerfiles;

public sealed record WorkdirInstruction(SourceLocation Location, string Text, string Path)
    : Instruction(Location, Text);
