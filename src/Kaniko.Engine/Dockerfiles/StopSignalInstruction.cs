namespace Kaniko.Engine.Dockerfiles;

/// <summary>STOPSIGNAL SIGTERM or a number; raw, expanded at build time.</summary>
public sealed record StopSignalInstruction(SourceLocation Location, string Text, string Signal)
    : Instruction(Location, Text);
