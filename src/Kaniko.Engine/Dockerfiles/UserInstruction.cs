namespace Kaniko.Engine.Dockerfiles;

public sealed record UserInstruction(SourceLocation Location, string Text, string User)
    : Instruction(Location, Text);
