namespace Kaniko.Engine.Dockerfiles;

/// <summary>EXPOSE port[/proto] ...; ports are raw and expanded at build time.</summary>
public sealed record ExposeInstruction(SourceLocation Location, string Text, IReadOnlyList<string> Ports)
    : Instruction(Location, Text);
