namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The build context's exclusions, from its ignore file. Patterns apply in order, the last match
/// deciding; a path is also excluded when a pattern matches one of its parent folders, as moby's matcher does.
/// The Dockerfile and the ignore file are read regardless.
/// </summary>
public sealed class DockerignoreMatcher
{
    private readonly IReadOnlyList<DockerignorePattern> _patterns;

    private DockerignoreMatcher(IReadOnlyList<DockerignorePattern> patterns, string? sourceFile)
    {
        _patterns = patterns;
        SourceFile = sourceFile;
    }

    public static DockerignoreMatcher Empty { get; } = new([], null);

    /// <summary>The file the patterns came from; null when there is none.</summary>
    public string? SourceFile { get; }

    public IReadOnlyList<DockerignorePattern> Patterns => _patterns;

    public static DockerignoreMatcher Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var patterns = new List<DockerignorePattern>();
        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            patterns.Add(DockerignorePattern.TryCreate(line) ?? throw new DockerfileException(
                DockerfileErrorCode.InvalidIgnorePattern,
                new SourceLocation(fileName, index + 1, 1),
                $"invalid .dockerignore pattern \"{line.Trim()}\"",
                line.Trim()));
        }

        return new DockerignoreMatcher(patterns, fileName);
    }

    /// <summary>Whether a context path ("dir/file", relative, slash-separated) is left out of the context.</summary>
    public bool IsExcluded(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_patterns.Count == 0)
        {
            return false;
        }

        var file = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != "."));
        if (file.Length == 0)
        {
            // The context's top itself is never excluded.
            return false;
        }

        var parents = file.Split('/');
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            // An exclusion can only change an excluded path, an inclusion only a kept one.
            if (pattern.IsException != excluded)
            {
                continue;
            }

            var match = pattern.Matches(file);
            for (var depth = 1; !match && depth < parents.Length; depth++)
            {
                match = pattern.Matches(string.Join('/', parents[..depth]));
            }

            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }
}
