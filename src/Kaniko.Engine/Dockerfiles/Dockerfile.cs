namespace Kaniko.Engine.Dockerfiles;

public sealed record Dockerfile(string FileName, IReadOnlyList<Instruction> Instructions);
