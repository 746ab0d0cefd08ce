namespace Kaniko.Engine.Dockerfiles;

/// <summary>A parsed Dockerfile: its typed instructions in order, global ARGs first, then each stage's FROM and body.</summary>
public sealed record Dockerfile(string FileName, IReadOnlyList<Instruction> Instructions)
{
    /// <summary>The escape character from "# escape=" (\ unless changed), for expanding the instructions' words.</summary>
    public char Escape { get; init; } = '\\';

    public IReadOnlyList<ParserDirective> Directives { get; init; } = [];
}
