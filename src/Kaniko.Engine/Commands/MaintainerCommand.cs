using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>MAINTAINER sets the image's author, as BuildKit does.</summary>
internal sealed class MaintainerCommand(MaintainerInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        stage.Config.Author = instruction.Name;
        return Task.FromResult(CommandResult.Metadata("MAINTAINER " + instruction.Name));
    }
}
