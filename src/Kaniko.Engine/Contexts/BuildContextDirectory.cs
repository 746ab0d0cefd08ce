using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Contexts;

/// <summary>
/// The build context as a local folder. Sources named by COPY are found inside it only: <c>..</c>
/// and links stop at its top, as BuildKit confines them; what .dockerignore excludes is not there.
/// </summary>
public sealed class BuildContextDirectory
{
    private readonly RootDirectory _root;
    private readonly DockerignoreMatcher _ignore;

    public BuildContextDirectory(string path, DockerignoreMatcher? ignore = null)
    {
        _ignore = ignore ?? DockerignoreMatcher.Empty;
        if (!Directory.Exists(path))
        {
            throw new KanikoException(ContextErrorCode.ContextMissing, $"The build context '{path}' does not exist or is not a folder.");
        }

        _root = new RootDirectory(path);
    }

    public string HostPath => _root.HostPath;

    /// <summary>The same context seen through <paramref name="ignore"/>.</summary>
    public BuildContextDirectory WithIgnore(DockerignoreMatcher ignore) => new(HostPath, ignore);

    /// <summary>
    /// Whether an excluded folder must still be walked: an exception pattern (<c>!path</c>) may bring
    /// back something beneath it.
    /// </summary>
    public bool MayIncludeBeneathExcluded => _ignore.Patterns.Any(pattern => pattern.IsException);

    /// <summary>Whether <paramref name="hostPath"/> (a full path) names something inside the context, by its components alone.</summary>
    public bool Contains(string hostPath) => hostPath == HostPath || hostPath.StartsWith(HostPath + "/", StringComparison.Ordinal);

    /// <summary>The host path of <paramref name="hostPath"/>, inside the context, with its links resolved inside the context as a chroot at its top would.</summary>
    public string ResolveInside(string hostPath) => _root.Resolve(_root.ToImagePath(hostPath));

    /// <summary>The slash-separated path of a host path inside the context, relative to its top ("" for the top).</summary>
    public string ToRelativePath(string hostPath) => _root.ToImagePath(hostPath).TrimStart('/');

    /// <summary>Whether .dockerignore leaves the entry at <paramref name="hostPath"/> out of the context.</summary>
    public bool IsExcluded(string hostPath) => _ignore.IsExcluded(_root.ToImagePath(hostPath).TrimStart('/'));

    /// <summary>Whether <paramref name="source"/> climbs above the context's top with <c>..</c>.</summary>
    public static bool EscapesTop(string source)
    {
        var depth = 0;
        foreach (var component in source.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += component switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every entry matching <paramref name="source"/> (wildcards *, ? and [...] per component), sorted.</summary>
    public IReadOnlyList<ContextMatch> Match(string source)
    {
        var pattern = RootDirectory.Normalize(source);
        if (pattern == "/")
        {
            return [new ContextMatch(_root.HostPath, _root.HostPath)];
        }

        if (!HasWildcard(pattern))
        {
            var resolved = _root.Resolve(pattern);
            return FileStatus.TryRead(resolved) is not null && !IsExcluded(resolved)
                ? [new ContextMatch(resolved, _root.Resolve(pattern, followFinalLink: false))]
                : [];
        }

        var matches = new List<ContextMatch> { new(_root.HostPath, _root.HostPath) };
        foreach (var component in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<ContextMatch>();
            foreach (var folder in matches.Select(match => match.HostPath).Where(path => FileStatus.TryRead(path) is { IsDirectory: true }))
            {
                if (!HasWildcard(component))
                {
                    var named = _root.Resolve(_root.ToImagePath(folder) + "/" + component, followFinalLink: false);
                    var candidate = _root.Resolve(_root.ToImagePath(named));
                    if (FileStatus.TryRead(candidate) is not null)
                    {
                        next.Add(new ContextMatch(candidate, named));
                    }

                    continue;
                }

                var componentPattern = DockerignorePattern.TryCreate(component);
                next.AddRange(LongPath.Entries(folder)
                    .Where(entry => componentPattern?.Matches(Path.GetFileName(entry)) == true)
                    .Select(entry => new ContextMatch(_root.Resolve(_root.ToImagePath(entry)), entry)));
            }

            matches = next;
        }

        matches.RemoveAll(match => IsExcluded(match.HostPath));
        matches.Sort((left, right) => StringComparer.Ordinal.Compare(left.NamedPath, right.NamedPath));
        return matches;
    }

    public static bool HasWildcard(string source) => source.IndexOfAny(['*', '?', '[']) >= 0;
}
