using Kaniko.Engine.Caching;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// COPY from the build context, an earlier stage or an image, with BuildKit's rules for sources and
/// destinations. It reads of the stage root only folders, links and the account files. Its key adds
/// <c>heredoc-expanded</c> (NAME NUL BODY after expansion, for each here-document that expands),
/// <c>from</c>, <c>expanded</c> and <c>source</c> (see <see cref="FileCopy.AddKeyFields"/>): an
/// earlier stage's or an image's files are keyed by their content, like the context's, so a stage
/// rebuilt with the same files still hits.
/// </summary>
internal sealed class CopyCommand(CopyInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override bool MetadataOnly => false;

    public override LayerCacheRule CacheRule => LayerCacheRule.CopyLayers;

    protected override IReadOnlyList<Heredoc> Heredocs => instruction.Heredocs;

    public override async Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var from = instruction.From is null ? null : words.Expand(instruction.From);
        var tree = from is null ? stage.Context : await OpenStageOrImageAsync(stage, from, cancellationToken).ConfigureAwait(false);
        var copy = NewCopy(words, from);
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

    protected override async Task<bool> AddInputFieldsAsync(CacheKeyEncoding key, StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        HeredocFiles.AddKeyFields(key, instruction.Heredocs, words);
        var from = instruction.From is null ? null : words.Expand(instruction.From);
        BuildContextDirectory tree;
        try
        {
            tree = from is null ? stage.Context : await OpenStageOrImageAsync(stage, from, cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException)
        {
            return false; // the copy reports why it cannot read there
        }

        var sources = HeredocFiles.OtherSources(instruction.Sources, instruction.Heredocs).Select(words.Expand).ToList();
        key.Add("from", from ?? "");
        return NewCopy(words, from).AddKeyFields(key, tree, sources, instruction.Destination, cancellationToken);
    }

    private FileCopy NewCopy(StageWords words, string? from) => new(instruction.Location, "COPY", words)
    {
        Chown = instruction.Chown,
        Chmod = instruction.Chmod,
        Parents = instruction.Parents,
        Exclude = instruction.Exclude,
        KeepSourceOwner = from is not null,
    };

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
