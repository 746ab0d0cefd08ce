using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class LabelCommand(LabelInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var labels = stage.ContainerConfig.Labels ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = new List<string>();
        foreach (var pair in instruction.Labels)
        {
            var key = words.Expand(pair.Key);
            var value = words.Expand(pair.Value);
            labels[key] = value;
            applied.Add($"{key}={value}");
        }

        return Task.FromResult(CommandResult.Metadata("LABEL " + string.Join(' ', applied)));
    }
}
