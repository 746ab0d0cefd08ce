using System.Text.Json.Nodes;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>Marks paths as volumes in the config; the JSON form keeps each path whole, the word form splits.</summary>
internal sealed class VolumeCommand(VolumeInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var paths = InstructionExpansion.SplitsWords(instruction)
            ? instruction.Paths.SelectMany(words.Split).ToList()
            : instruction.Paths.Select(words.Expand).ToList();
        if (paths.Count == 0 || paths.Any(string.IsNullOrWhiteSpace))
        {
            throw new DockerfileException(DockerfileErrorCode.VolumeWithoutPath, instruction.Location, "VOLUME needs at least one non-empty path.");
        }

        var volumes = stage.ContainerConfig.Volumes ??= new(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            volumes[path] = new JsonObject();
        }

        return Task.FromResult(CommandResult.Metadata("VOLUME [" + string.Join(' ', paths) + "]"));
    }
}
