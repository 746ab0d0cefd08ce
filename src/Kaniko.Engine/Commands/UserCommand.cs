using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class UserCommand(UserInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var user = stage.Words().Expand(instruction.User);
        stage.ContainerConfig.User = user;
        return Task.FromResult(CommandResult.Metadata("USER " + user));
    }
}
