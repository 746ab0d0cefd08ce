namespace Kaniko.Engine.Dockerfiles;

/// <summary>A place in a Dockerfile; line and column count from 1.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
