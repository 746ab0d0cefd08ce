using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>Sets the shell later shell-form CMD, ENTRYPOINT and RUN use.</summary>
internal sealed class ShellCommand(ShellInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        stage.ContainerConfig.Shell = [.. instruction.Shell];
        return Task.FromResult(CommandResult.Metadata("SHELL [" + string.Join(' ', instruction.Shell) + "]"));
    }
}
