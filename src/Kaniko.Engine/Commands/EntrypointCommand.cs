using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class EntrypointCommand(EntrypointInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var arguments = ShellForm.ToArguments(instruction.Arguments, instruction.IsExecForm, stage.Shell);
        stage.ContainerConfig.Entrypoint = arguments;
        if (!stage.CmdSetInStage)
        {
            // An inherited CMD was written for the base's entrypoint, not this one.
            stage.ContainerConfig.Cmd = null;
        }

        return Task.FromResult(CommandResult.Metadata("ENTRYPOINT " + HistoryText.QuotedList(arguments)));
    }
}
