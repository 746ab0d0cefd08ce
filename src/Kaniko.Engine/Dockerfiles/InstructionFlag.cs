namespace Kaniko.Engine.Dockerfiles;

/// <summary>A "--name=value" (or bare "--name", Value null) flag before an instruction's arguments.</summary>
internal sealed record InstructionFlag(string Name, string? Value);
