using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Sets the working folder and, like BuildKit, creates it (owned by USER) when absent. It reads only
/// folders and the account files of the root, and is never taken from the layer cache.
/// </summary>
internal sealed class WorkdirCommand(WorkdirInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override bool MetadataOnly => false;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var path = ImagePath(stage);
        stage.ContainerConfig.WorkingDir = path;
        var (uid, gid) = string.IsNullOrEmpty(stage.ContainerConfig.User)
            ? (0, 0)
            : ImageAccounts.Read(stage.Root).ResolveOwner(stage.ContainerConfig.User);
        var created = ImageDirectories.Create(stage.Root, path, uid, gid);
        var createdBy = "WORKDIR " + path;
        return Task.FromResult(created.Count == 0 ? CommandResult.Metadata(createdBy) : new CommandResult(createdBy, created));
    }

    public override Task ApplyToConfigAsync(StageState stage, CancellationToken cancellationToken)
    {
        stage.ContainerConfig.WorkingDir = ImagePath(stage);
        return Task.CompletedTask;
    }

    private string ImagePath(StageState stage) => stage.ToImagePath(stage.Words().Expand(instruction.Path));
}
