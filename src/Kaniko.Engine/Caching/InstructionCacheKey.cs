using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>
/// The composite keys of a stage's chain, in <see cref="CacheKeyEncoding"/>.
/// <para>A stage's seed: <c>base</c> (the base image's manifest digest, or <c>stage:KEY</c> with
/// the final key of the earlier stage it starts from), <c>layer-format</c> (media type, compression
/// and level of new layers) and <c>layer-time</c> (the fixed mtime of a reproducible build, or
/// <c>none</c>), so a reused blob is byte for byte what this build would write.</para>
/// <para>An instruction's key: <c>parent</c> (the previous key), <c>instruction</c> (the keyword),
/// <c>text</c> (as written), <c>heredoc</c> (NAME NUL BODY, one each), <c>config</c> (the container
/// config as the instruction sees it, canonical JSON), then by kind:
/// RUN: <c>variable</c> NAME=VALUE for every declared ARG in scope and proxy --build-arg (ENV is in
/// the config; a --build-arg no ARG declares is not there, so it never changes a key);
/// COPY/ADD: <c>heredoc-expanded</c> (NAME NUL BODY after expansion, for each here-document that
/// expands), <c>expanded</c> (sources, destination and flags after ARG/ENV expansion), <c>from</c>,
/// <c>source</c> (one per entry read, see <see cref="CopySourceFingerprint"/>) and for ADD of a URL
/// <c>url</c> (URL, then the --checksum or the server's ETag/Last-Modified);
/// every other instruction: <c>expanded</c> (its text after expansion).</para>
/// </summary>
internal static class InstructionCacheKey
{
    public static CacheKeyEncoding Seed(string baseIdentity, string layerFormat, string layerTime) =>
        new CacheKeyEncoding().Add("base", baseIdentity).Add("layer-format", layerFormat).Add("layer-time", layerTime);

    /// <summary>The key's encoding, or null when what the instruction reads cannot be known up front.</summary>
    public static async Task<CacheKeyEncoding?> ForAsync(string parent, Instruction instruction, StageState stage, CancellationToken cancellationToken)
    {
        var encoding = new CacheKeyEncoding()
            .Add("parent", parent)
            .Add("instruction", instruction.GetType().Name.Replace("Instruction", "", StringComparison.Ordinal).ToUpperInvariant())
            .Add("text", instruction.Text);
        foreach (var heredoc in Heredocs(instruction))
        {
            encoding.Add("heredoc", heredoc.Name + "\0" + heredoc.Content);
        }

        encoding.Add("config", System.Text.Encoding.UTF8.GetString(ImageJson.ToJson(stage.ContainerConfig)));
        var words = stage.Words();
        if (instruction is CopyInstruction or AddInstruction)
        {
            // A file's here-document expands ARGs and ENV before it is written.
            foreach (var heredoc in Heredocs(instruction).Where(h => h.Expand))
            {
                encoding.Add("heredoc-expanded", heredoc.Name + "\0" + ExpandHeredocOrKeep(words, heredoc.Text));
            }
        }

        switch (instruction)
        {
            case RunInstruction run:
                if (run.Mounts.Any(mount => mount.Type == "bind"))
                {
                    return null; // what a bind mount shows the command is not in the key
                }

                encoding.AddSorted("variable", stage.Variables.Arguments.Concat(stage.Variables.ProxyArguments).Select(pair => pair.Key + "=" + pair.Value).Distinct());
                return encoding;
            case CopyInstruction copy:
                var from = copy.From is null ? null : words.Expand(copy.From);
                var tree = from is null ? stage.Context : await OpenFromAsync(stage, from, cancellationToken).ConfigureAwait(false);
                if (tree is null)
                {
                    return null; // the copy reports why it cannot read there
                }

                var copySources = HeredocFiles.OtherSources(copy.Sources, copy.Heredocs).Select(words.Expand).ToList();
                encoding.Add("from", from ?? "");
                return AddCopy(encoding, words, tree, copySources, copy.Destination, copy.Chown, copy.Chmod, copy.Exclude, cancellationToken);
            case AddInstruction add:
                var sources = HeredocFiles.OtherSources(add.Sources, add.Heredocs).Select(words.Expand).ToList();
                foreach (var url in sources.Where(UrlDownload.IsUrl))
                {
                    var validator = add.Checksum is { } checksum ? "checksum=" + words.Expand(checksum) : await UrlValidator.ReadAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
                    if (validator is null)
                    {
                        return null;
                    }

                    encoding.Add("url", url + "\0" + validator);
                }

                return AddCopy(encoding, words, stage.Context, sources.Where(s => !UrlDownload.IsUrl(s)).ToList(), add.Destination, add.Chown, add.Chmod, add.Exclude, cancellationToken);
            default:
                return encoding.Add("expanded", ExpandOrKeep(words, instruction.Text));
        }
    }

    private static CacheKeyEncoding? AddCopy(
        CacheKeyEncoding encoding, StageWords words, BuildContextDirectory tree, List<string> sources, string destination,
        string? chown, string? chmod, IReadOnlyList<string> exclude, CancellationToken cancellationToken)
    {
        var excludes = exclude.Select(words.Expand).ToList();
        encoding.Add("expanded", string.Join('\0', [.. sources, words.Expand(destination), "chown=" + Expand(words, chown), "chmod=" + Expand(words, chmod), .. excludes.Select(e => "exclude=" + e)]));
        var lines = CopySourceFingerprint.Lines(tree, sources, DockerignoreMatcher.Parse(string.Join('\n', excludes), "--exclude"), cancellationToken);
        return lines is null ? null : encoding.AddSorted("source", lines);
    }

    /// <summary>
    /// An earlier stage's or an image's files are keyed by their content, like the context's: a
    /// stage rebuilt with the same files still hits.
    /// </summary>
    private static async Task<BuildContextDirectory?> OpenFromAsync(StageState stage, string from, CancellationToken cancellationToken)
    {
        if (stage.FromSources is null)
        {
            return null;
        }

        try
        {
            return new BuildContextDirectory(await stage.FromSources.RootOfAsync(from, cancellationToken).ConfigureAwait(false));
        }
        catch (KanikoException)
        {
            return null;
        }
    }

    private static string Expand(StageWords words, string? word) => word is null ? "" : words.Expand(word);

    private static string ExpandOrKeep(StageWords words, string text)
    {
        try
        {
            return words.Expand(text);
        }
        catch (KanikoException)
        {
            return text; // the instruction itself reports the bad word when it runs
        }
    }

    private static string ExpandHeredocOrKeep(StageWords words, string text)
    {
        try
        {
            return words.ExpandHeredoc(text);
        }
        catch (KanikoException)
        {
            return text;
        }
    }

    private static IReadOnlyList<Heredoc> Heredocs(Instruction instruction) => instruction switch
    {
        RunInstruction run => run.Heredocs,
        CopyInstruction copy => copy.Heredocs,
        AddInstruction add => add.Heredocs,
        _ => [],
    };
}
