namespace Kaniko.Engine.Commands;

/// <summary>One Dockerfile instruction, ready to apply to a stage.</summary>
public interface IBuildCommand
{
    Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken);
}
