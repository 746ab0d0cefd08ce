using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>Sets the working folder and, like BuildKit, creates it (owned by USER) when absent.</summary>
internal sealed class WorkdirCommand(WorkdirInstruction instruction) : IBuildCommand
{
    public Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var path = stage.ToImagePath(stage.Words().Expand(instruction.Path));
        stage.ContainerConfig.WorkingDir = path;
        var (uid, gid) = string.IsNullOrEmpty(stage.ContainerConfig.User)
            ? (0, 0)
            : ImageAccounts.Read(stage.Root).ResolveOwner(stage.ContainerConfig.User);
        var created = ImageDirectories.Create(stage.Root, path, uid, gid);
        var createdBy = "WORKDIR " + path;
        return Task.FromResult(created.Count == 0 ? CommandResult.Metadata(createdBy) : new CommandResult(createdBy, created));
    }
}
