using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>Declares build arguments: --build-arg values, else the default, else the global ARG's value.</summary>
internal sealed class ArgCommand(ArgInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        // Defaults may use ENV values set earlier in the stage.
        stage.Variables.SetImageEnvironment(stage.ContainerConfig.Env ?? []);
        stage.Variables.Apply(instruction);
        var declared = instruction.Arguments.Select(argument =>
            stage.Variables.Arguments.TryGetValue(argument.Name, out var value) ? $"{argument.Name}={value}" : argument.Name);
        return Task.FromResult(CommandResult.Metadata("ARG " + string.Join(' ', declared)));
    }
}
