using System.IO.Enumeration;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Contexts;

/// <summary>
/// The build context as a local folder. Sources named by COPY are found inside it only: <c>..</c>
/// and links stop at its top, as BuildKit confines them.
/// </summary>
public sealed class BuildContextDirectory
{
    private readonly RootDirectory _root;

    public BuildContextDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new KanikoException("KANIKO4001", $"The build context '{path}' does not exist or is not a folder.");
        }

        _root = new RootDirectory(path);
    }

    public string HostPath => _root.HostPath;

    /// <summary>Host paths of every entry matching <paramref name="source"/> (wildcards * and ? per component), sorted.</summary>
    public IReadOnlyList<string> Match(string source)
    {
        var pattern = RootDirectory.Normalize(source);
        if (pattern == "/")
        {
            return [_root.HostPath];
        }

        if (!HasWildcard(pattern))
        {
            var resolved = _root.Resolve(pattern);
            return Path.Exists(resolved) ? [resolved] : [];
        }

        var matches = new List<string> { _root.HostPath };
        foreach (var component in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            foreach (var folder in matches.Where(Directory.Exists))
            {
                if (!HasWildcard(component))
                {
                    var candidate = _root.Resolve(_root.ToImagePath(folder) + "/" + component);
                    if (Path.Exists(candidate))
                    {
                        next.Add(candidate);
                    }

                    continue;
                }

                next.AddRange(Directory.EnumerateFileSystemEntries(folder)
                    .Where(entry => FileSystemName.MatchesSimpleExpression(component, Path.GetFileName(entry), ignoreCase: false))
                    .Select(entry => _root.Resolve(_root.ToImagePath(entry))));
            }

            matches = next;
        }

        matches.Sort(StringComparer.Ordinal);
        return matches;
    }

    public static bool HasWildcard(string source) => source.IndexOfAny(['*', '?', '[']) >= 0;
}
