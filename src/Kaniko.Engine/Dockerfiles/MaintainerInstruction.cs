namespace Kaniko.Engine.Dockerfiles;

/// <summary>MAINTAINER name (deprecated; BuildKit sets the image's author).</summary>
public sealed record MaintainerInstruction(SourceLocation Location, string Text, string Name)
    : Instruction(Location, Text);
