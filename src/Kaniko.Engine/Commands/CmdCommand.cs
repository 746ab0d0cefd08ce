using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class CmdCommand(CmdInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var arguments = ShellForm.ToArguments(instruction.Arguments, instruction.IsExecForm, stage.Shell);
        stage.ContainerConfig.Cmd = arguments;
        stage.CmdSetInStage = true;
        return Task.FromResult(CommandResult.Metadata("CMD " + HistoryText.QuotedList(arguments)));
    }
}
