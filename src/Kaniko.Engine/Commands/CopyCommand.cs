using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>COPY from the build context, an earlier stage or an image, with BuildKit's rules for sources and destinations.</summary>
internal sealed class CopyCommand(CopyInstruction instruction) : IBuildCommand
{
    public async Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var from = instruction.From is null ? null : words.Expand(instruction.From);
        var tree = from is null ? stage.Context : await OpenStageOrImageAsync(stage, from, cancellationToken).ConfigureAwait(false);
        var copy = new FileCopy(instruction.Location, "COPY", words)
        {
            Chown = instruction.Chown,
            Chmod = instruction.Chmod,
            Parents = instruction.Parents,
            Exclude = instruction.Exclude,
            KeepSourceOwner = from is not null,
        };
        var sources = HeredocFiles.OtherSources(instruction.Sources, instruction.Heredocs).Select(words.Expand).ToList();
        var destination = words.Expand(instruction.Destination);
        var written = new List<string>();
        if (sources.Count > 0)
        {
            written.AddRange(await copy.RunAsync(stage, tree, sources, destination, cancellationToken).ConfigureAwait(false));
        }

        written.AddRange(HeredocFiles.Copy(stage, copy, instruction.Sources, instruction.Heredocs, destination, words));
        sources.AddRange(HeredocFiles.HeredocSources(instruction.Sources, instruction.Heredocs));

        var flags = string.Concat(
            from is null ? "" : $"--from={from} ",
            instruction.Chown is null ? "" : $"--chown={instruction.Chown} ",
            instruction.Chmod is null ? "" : $"--chmod={instruction.Chmod} ",
            instruction.Parents ? "--parents " : "",
            string.Concat(instruction.Exclude.Select(e => $"--exclude={e} ")));
        return new CommandResult($"COPY {flags}{string.Join(' ', sources)} {destination} # buildkit", written.Distinct(StringComparer.Ordinal).ToList());
    }

    private async Task<BuildContextDirectory> OpenStageOrImageAsync(StageState stage, string from, CancellationToken cancellationToken)
    {
        if (stage.FromSources is null)
        {
            throw new DockerfileException(CommandErrorCode.UnknownFromSource, instruction.Location, $"COPY --from={from}: no earlier stages or images are available to this build.");
        }

        try
        {
            return new BuildContextDirectory(await stage.FromSources.RootOfAsync(from, cancellationToken).ConfigureAwait(false));
        }
        catch (KanikoException error) when (error is not DockerfileException)
        {
            throw new DockerfileException(CommandErrorCode.UnknownFromSource, instruction.Location, $"COPY --from={from}: it is neither a stage of this Dockerfile nor an image that could be pulled ({error.Message})", error);
        }
    }
}
