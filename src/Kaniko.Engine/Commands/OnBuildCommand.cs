using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>Stores a trigger in the config; a build FROM this image runs it first.</summary>
internal sealed class OnBuildCommand(OnBuildInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        (stage.ContainerConfig.OnBuild ??= []).Add(instruction.TriggerText);
        return Task.FromResult(CommandResult.Metadata("ONBUILD " + instruction.TriggerText));
    }
}
