using System.Text.RegularExpressions;

namespace Kaniko.Engine.Tests.Architecture;

/// <summary>
/// The engine's parts (its top-level folders under src/Kaniko.Engine, one namespace each) and which
/// uses which, read from the sources: a file of part A depends on part B when it names
/// <c>Kaniko.Engine.B</c> (a using directive or a qualified name) or, as the engine's own namespaces
/// allow, <c>B.Type</c> for a type declared in B. Files at the top are the shared kernel, part "".
/// </summary>
internal sealed partial class EnginePartGraph
{
    private readonly Dictionary<(string From, string To), SortedSet<string>> _edges = [];

    public IEnumerable<(string From, string To)> Edges => _edges.Keys;

    public static EnginePartGraph Read(string engineFolder)
    {
        var files = Directory.EnumerateFiles(engineFolder, "*.cs", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(engineFolder, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .Where(file => !file.Relative.StartsWith("obj/", StringComparison.Ordinal) && !file.Relative.StartsWith("bin/", StringComparison.Ordinal))
            .ToList();
        var typesByPart = files
            .GroupBy(file => PartOf(file.Relative), StringComparer.Ordinal)
            .ToDictionary(part => part.Key, part => part.SelectMany(file => DeclaredTypes().Matches(file.Text).Select(match => match.Groups[1].Value)).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var graph = new EnginePartGraph();
        foreach (var (relative, text) in files)
        {
            var part = PartOf(relative);
            var named = UsedParts().Matches(text).Select(match => match.Groups[1].Value);
            var qualified = PartQualifiedNames().Matches(text)
                .Where(match => typesByPart.TryGetValue(match.Groups[1].Value, out var types) && types.Contains(match.Groups[2].Value))
                .Select(match => match.Groups[1].Value);
            foreach (var used in named.Concat(qualified).Distinct(StringComparer.Ordinal).Where(used => used != part))
            {
                graph.Add(part, used, relative);
            }
        }

        return graph;
    }

    public static string PartOf(string relativePath) =>
        relativePath.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? relativePath[..slash] : "";

    public void Add(string from, string to, string file)
    {
        if (!_edges.TryGetValue((from, to), out var files))
        {
            _edges[(from, to)] = files = new SortedSet<string>(StringComparer.Ordinal);
        }

        files.Add(file);
    }

    public IReadOnlyCollection<string> FilesBehind(string from, string to) =>
        _edges.TryGetValue((from, to), out var files) ? files : [];

    /// <summary>Every edge that lies on a cycle: its target leads back to its source.</summary>
    public IReadOnlyList<(string From, string To)> EdgesOnCycles() =>
        _edges.Keys.Where(edge => Reaches(edge.To, edge.From)).Order().ToList();

    private bool Reaches(string start, string goal)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var part))
        {
            if (part == goal)
            {
                return true;
            }

            foreach (var (_, to) in _edges.Keys.Where(edge => edge.From == part))
            {
                if (seen.Add(to))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"\bKaniko\.Engine\.([A-Z]\w*)")]
    private static partial Regex UsedParts();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex PartQualifiedNames();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex DeclaredTypes();
}
