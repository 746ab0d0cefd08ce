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

        var file = IsClean(path) ? path : string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(part => part != "."));
        if (file.Length == 0)
        {
            // The context's top itself is never excluded.
            return false;
        }

        string[]? parents = null;
        var excluded = false;
        foreach (var pattern in _patterns)
        {
            // An exclusion can only change an excluded path, an inclusion only a kept one.
            if (pattern.IsException != excluded)
            {
                continue;
            }

            var match = pattern.Matches(file);
            if (!match && pattern.ComponentCount is { } count)
            {
                // Only the parent of the pattern's own length can match: one test, not one per parent
                // (a path thousands of folders deep made that quadratic per path).
                match = FirstComponents(file, count) is { } parent && pattern.Matches(parent);
            }
            else
            {
                parents ??= file.Split('/');
                for (var depth = 1; !match && depth < parents.Length; depth++)
                {
                    match = pattern.Matches(string.Join('/', parents[..depth]));
                }
            }

            if (match)
            {
                excluded = !pattern.IsException;
            }
        }

        return excluded;
    }

    /// <summary>The first <paramref name="count"/> components of <paramref name="file"/> when it has more, else null.</summary>
    private static string? FirstComponents(string file, int count)
    {
        var end = -1;
        for (var found = 0; found < count; found++)
        {
            end = file.IndexOf('/', end + 1);
            if (end < 0)
            {
                return null;
            }
        }

        return file[..end];
    }

    /// <summary>Whether <paramref name="path"/> has no empty or "." component, so cleaning leaves it as it is.</summary>
    private static bool IsClean(string path)
    {
        foreach (var range in path.AsSpan().Split('/'))
        {
            if (path.AsSpan()[range] is "" or ".")
            {
                return false;
            }
        }

        return true;
    }
}
