namespace Kaniko.Engine.Dockerfiles;

/// <summary>Parses a Dockerfile into typed instructions, or fails with a <see cref="DockerfileException"/>.</summary>
public static class DockerfileParser
{
    public static Dockerfile Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fileName);

        var nodes = DockerfileSyntaxParser.Parse(text, fileName);
        if (nodes.Count == 0)
        {
            throw new DockerfileException(
                DockerfileErrorCode.NoInstructions, new SourceLocation(fileName, 1, 1), "the Dockerfile has no instructions");
        }

        var instructions = new List<Instruction>(nodes.Count);
        foreach (var node in nodes)
        {
            var instruction = InstructionParser.Parse(node);
            if (instructions.Count == 0 && instruction is not FromInstruction)
            {
                throw new DockerfileException(
                    DockerfileErrorCode.MissingFrom, node.Location, $"{node.Keyword} before the first FROM: a Dockerfile must start with FROM");
            }

            instructions.Add(instruction);
        }

        return new Dockerfile(fileName, instructions);
    }
}
