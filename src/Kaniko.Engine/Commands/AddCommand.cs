using Kaniko.Engine.Caching;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Commands;

/// <summary>
/// ADD: COPY's rules for local sources, but a local tar (plain, gzip, bzip2, zstd) is extracted into
/// the destination folder, http(s) URLs are downloaded (not extracted), and here-documents are
/// written as files as COPY writes them. Its key adds COPY's fields (without <c>from</c>) and, for
/// each URL, <c>url</c> (URL, then the --checksum or the server's ETag/Last-Modified); a URL with
/// neither has no key.
/// </summary>
internal sealed class AddCommand(AddInstruction instruction) : BuildCommand
{
    public override Instruction Instruction => instruction;

    public override bool MetadataOnly => false;

    public override bool ReadsBaseFiles => true;

    public override LayerCacheRule CacheRule => LayerCacheRule.CopyLayers;

    protected override IReadOnlyList<Heredoc> Heredocs => instruction.Heredocs;

    public override async Task<CommandResult> ExecuteAsync(StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        var sources = HeredocFiles.OtherSources(instruction.Sources, instruction.Heredocs).Select(words.Expand).ToList();
        var destination = words.Expand(instruction.Destination);
        if (instruction.Sources.Count > 1 && !destination.EndsWith('/'))
        {
            destination += "/";
        }

        var copy = NewCopy(stage, words);
        var locals = sources.Where(source => !UrlDownload.IsUrl(source)).ToList();
        var written = new List<string>();
        if (locals.Count > 0)
        {
            written.AddRange(await copy.RunAsync(stage, stage.Context, locals, destination, cancellationToken).ConfigureAwait(false));
        }

        var copier = copy.CreateCopier(stage);
        foreach (var url in sources.Where(UrlDownload.IsUrl))
        {
            var checksum = instruction.Checksum is null ? null : words.Expand(instruction.Checksum);
            await new UrlDownload(instruction.Location).AddAsync(stage, copier, new Uri(url), destination, checksum, cancellationToken).ConfigureAwait(false);
        }

        written.AddRange(copier.Written);
        written.AddRange(HeredocFiles.Copy(stage, copy, instruction.Sources, instruction.Heredocs, destination, words));
        sources.AddRange(HeredocFiles.HeredocSources(instruction.Sources, instruction.Heredocs));
        var flags = string.Concat(
            instruction.Chown is null ? "" : $"--chown={instruction.Chown} ",
            instruction.Chmod is null ? "" : $"--chmod={instruction.Chmod} ",
            instruction.Checksum is null ? "" : $"--checksum={instruction.Checksum} ");
        return new CommandResult($"ADD {flags}{string.Join(' ', sources)} {destination} # buildkit", written.Distinct(StringComparer.Ordinal).ToList());
    }

    protected override async Task<bool> AddInputFieldsAsync(CacheKeyEncoding key, StageState stage, CancellationToken cancellationToken)
    {
        var words = stage.Words();
        HeredocFiles.AddKeyFields(key, instruction.Heredocs, words);
        var sources = HeredocFiles.OtherSources(instruction.Sources, instruction.Heredocs).Select(words.Expand).ToList();
        foreach (var url in sources.Where(UrlDownload.IsUrl))
        {
            var validator = instruction.Checksum is { } checksum ? "checksum=" + words.Expand(checksum) : await UrlValidator.ReadAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            if (validator is null)
            {
                return false;
            }

            key.Add("url", url + "\0" + validator);
        }

        return NewCopy(stage, words).AddKeyFields(key, stage.Context, sources.Where(source => !UrlDownload.IsUrl(source)).ToList(), instruction.Destination, cancellationToken);
    }

    private FileCopy NewCopy(StageState stage, StageWords words) => new(instruction.Location, "ADD", words)
    {
        Chown = instruction.Chown,
        Chmod = instruction.Chmod,
        Exclude = instruction.Exclude,
        ExtractArchive = (archive, target, copier, token) => ExtractAsync(stage.ScratchDirectory, archive, target, copier, token),
    };

    private static async Task<bool> ExtractAsync(string scratchDirectory, string source, string destination, ImageFileCopier copier, CancellationToken cancellationToken)
    {
        var tar = LocalArchive.TryOpenTar(source);
        if (tar is null)
        {
            return false;
        }

        var staging = Path.Combine(scratchDirectory, "add-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            await using (tar)
            {
                await LayerExtractor.ExtractAsync(tar, staging, cancellationToken).ConfigureAwait(false);
            }

            // An archive's own owners stay unless --chown says otherwise, as BuildKit extracts them.
            var keep = copier.KeepSourceOwner;
            copier.KeepSourceOwner = true;
            copier.CopyDirectoryContents(staging, destination, CopySourceFilter.None(staging));
            copier.KeepSourceOwner = keep;
            return true;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
