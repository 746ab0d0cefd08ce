namespace Kaniko.Engine.Dockerfiles;

/// <summary>FROM [--platform=p] image [AS name]; the stage name is lower-cased as BuildKit does.</summary>
public sealed record FromInstruction(SourceLocation Location, string Text, string Image, string? StageName, string? Platform)
    : Instruction(Location, Text);
