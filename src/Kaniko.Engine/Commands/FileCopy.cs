using Kaniko.Engine.Caching;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// The copy rules COPY and ADD share: sources matched in a tree (wildcards that match nothing are
/// fine as long as something matches), a source folder copies its contents, the destination is a
/// folder when it ends in <c>/</c> or several files arrive, relative to WORKDIR; <c>--chown</c>,
/// <c>--chmod</c>, <c>--parents</c> and <c>--exclude</c>.
/// </summary>
internal sealed class FileCopy(SourceLocation location, string instructionName, StageWords words)
{
    public string? Chown { get; init; }

    public string? Chmod { get; init; }

    public bool Parents { get; init; }

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool KeepSourceOwner { get; init; }

    /// <summary>ADD hands local archives here to extract instead of copying; true when it did.</summary>
    public Func<string, string, ImageFileCopier, CancellationToken, Task<bool>>? ExtractArchive { get; init; }

    public async Task<IReadOnlyList<string>> RunAsync(StageState stage, BuildContextDirectory tree, IReadOnlyList<string> sources, string destinationText, CancellationToken cancellationToken)
    {
        var copier = CreateCopier(stage);
        var exclude = DockerignoreMatcher.Parse(string.Join('\n', Exclude.Select(words.Expand)), "--exclude");
        var matches = new List<ContextMatch>();
        foreach (var source in sources)
        {
            // BuildKit normalises an empty source to "/" and copies the whole context or stage;
            // a variable that expanded to nothing almost never means that.
            if (source.Length == 0)
            {
                throw new DockerfileException(
                    CommandErrorCode.EmptySource, location, $"{instructionName}: a source is empty after expansion (an unset variable?); write '.' to copy the whole context.");
            }

            if (BuildContextDirectory.EscapesTop(source))
            {
                throw new DockerfileException(CommandErrorCode.SourceOutsideContext, location, $"{instructionName}: '{source}' is outside the build context; sources must be inside '{tree.HostPath}'.");
            }

            var found = tree.Match(source).Where(match => !exclude.IsExcluded(tree.ToRelativePath(match.HostPath))).ToList();
            if (found.Count == 0 && !BuildContextDirectory.HasWildcard(source))
            {
                throw new DockerfileException(CommandErrorCode.SourceNotFound, location, $"{instructionName}: '{source}' was not found in '{tree.HostPath}'.");
            }

            matches.AddRange(found);
        }

        if (matches.Count == 0)
        {
            throw new DockerfileException(CommandErrorCode.SourceNotFound, location, $"{instructionName}: no file in '{tree.HostPath}' matches {string.Join(" or ", sources.Select(s => $"'{s}'"))}.");
        }

        var destination = stage.ToImagePath(destinationText);
        var destinationIsDirectory = destinationText.EndsWith('/') || matches.Count > 1 || Parents
            || FileStatus.TryRead(stage.Root.Resolve(destination)) is { IsDirectory: true };
        foreach (var (match, namedPath) in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Parents ? destination.TrimEnd('/') + "/" + tree.ToRelativePath(namedPath) : destination;
            var status = FileStatus.Read(match);
            if (status.IsDirectory)
            {
                copier.CopyDirectoryContents(match, target, new CopySourceFilter(tree, exclude, match));
            }
            else if (status.IsRegularFile && ExtractArchive is { } extract && await extract(match, destination, copier, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }
            else if (destinationIsDirectory && !Parents)
            {
                copier.EnsureDirectory(destination);
                copier.CopyFile(match, destination.TrimEnd('/') + "/" + Path.GetFileName(namedPath));
            }
            else
            {
                copier.CopyFile(match, target);
            }
        }

        return copier.Written.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The copy's key fields: <c>expanded</c> (sources, destination and flags after ARG/ENV expansion)
    /// and <c>source</c> (one per entry read, see <see cref="CopySourceFingerprint"/>); false when a
    /// source escapes the tree (the copy will fail and say why).
    /// </summary>
    public bool AddKeyFields(CacheKeyEncoding key, BuildContextDirectory tree, IReadOnlyList<string> sources, string destinationText, CancellationToken cancellationToken)
    {
        var excludes = Exclude.Select(words.Expand).ToList();
        key.Add("expanded", string.Join('\0', [.. sources, words.Expand(destinationText), "chown=" + Expand(Chown), "chmod=" + Expand(Chmod), .. excludes.Select(e => "exclude=" + e)]));
        var lines = CopySourceFingerprint.Lines(tree, sources, DockerignoreMatcher.Parse(string.Join('\n', excludes), "--exclude"), cancellationToken);
        if (lines is null)
        {
            return false;
        }

        key.AddSorted("source", lines);
        return true;
    }

    public ImageFileCopier CreateCopier(StageState stage)
    {
        (int, int)? owner = Chown is null ? null : ImageAccounts.Read(stage.Root).ResolveOwner(words.Expand(Chown));
        ChmodSpec? chmod = null;
        if (Chmod is not null)
        {
            var text = words.Expand(Chmod);
            chmod = ChmodSpec.TryParse(text)
                ?? throw new DockerfileException(CommandErrorCode.InvalidChmod, location, $"{instructionName} --chmod='{text}' is neither an octal mode such as 0644 nor a symbolic one such as u+x,g-w.");
        }

        return new ImageFileCopier(stage.Root, owner, chmod, KeepSourceOwner);
    }

    private string Expand(string? word) => word is null ? "" : words.Expand(word);
}
