using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class EnvCommand(EnvInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        // Every pair sees the environment from before the instruction, as BuildKit expands them.
        var words = stage.Words();
        var assignments = instruction.Variables
            .Select(pair => (Name: pair.Key, Value: words.Expand(pair.Value)))
            .ToList();
        foreach (var (name, value) in assignments)
        {
            stage.SetEnvironment(name, value);
        }

        return Task.FromResult(CommandResult.Metadata("ENV " + string.Join(' ', assignments.Select(a => $"{a.Name}={a.Value}"))));
    }
}
