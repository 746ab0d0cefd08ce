namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Parses a Dockerfile into typed instructions, or fails with a <see cref="DockerfileException"/>:
/// the checks of BuildKit's instructions package, which its parser leaves to the build (an
/// instruction before FROM, unknown instructions and flags, argument counts, stage names).
/// </summary>
public static class DockerfileParser
{
    public static Dockerfile Parse(string text, string fileName) => Parse(DockerfileSyntaxParser.Parse(text, fileName));

    /// <summary>Types a syntax tree already parsed.</summary>
    public static Dockerfile Parse(DockerfileSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var fileName = syntax.FileName;
        var instructions = new List<Instruction>(syntax.Nodes.Count);
        var seenFrom = false;
        var stageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in syntax.Nodes)
        {
            var instruction = InstructionParser.Parse(node);
            seenFrom |= instruction is FromInstruction;
            if (!seenFrom && instruction is not ArgInstruction)
            {
                throw node.Error(
                    DockerfileErrorCode.MissingFrom, $"{node.Keyword} before the first FROM: a Dockerfile must start with FROM (only ARG may come before it)");
            }

            if (instruction is FromInstruction { StageName: { } name } && !stageNames.Add(name))
            {
                throw node.Error(DockerfileErrorCode.InvalidStage, $"duplicate stage name \"{name}\": stage names are case-insensitive and must be unique");
            }

            instructions.Add(instruction);
        }

        if (!seenFrom)
        {
            throw syntax.Nodes[^1].Error(DockerfileErrorCode.MissingFrom, "the Dockerfile has no FROM: a Dockerfile must have at least one stage");
        }

        return new Dockerfile(fileName, instructions) { Escape = syntax.Escape, Directives = syntax.Directives };
    }
}
