using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

internal sealed class UserCommand(UserInstruction instruction) : IBuildCommand
{
    public Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var user = stage.Words().Expand(instruction.User);
        stage.ContainerConfig.User = user;
        return Task.FromResult(CommandResult.Metadata("USER " + user));
    }
}
