using System.Security.Cryptography;
using System.Text;

namespace Kaniko.Engine.Caching;

/// <summary>
/// A short summary of a key's fields, <c>NAME=HASH,...</c> (HASH: the first 12 hex chars of the
/// SHA-256 of all that field's values), stored with an entry so a later miss can name the fields
/// that differ from a stored key with the same parent.
/// </summary>
internal static class FieldDigests
{
    public static string Summarize(IEnumerable<(string Name, string Value)> fields) =>
        string.Join(',', fields
            .Where(field => field.Name != "parent")
            .GroupBy(field => field.Name, StringComparer.Ordinal)
            .Select(group => group.Key + "=" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', group.Select(f => f.Value)))))[..12]));

    /// <summary>The field names whose digests differ (or appear in one only).</summary>
    public static IReadOnlyList<string> Differences(string stored, string current)
    {
        var a = Parse(stored);
        var b = Parse(current);
        return a.Keys.Union(b.Keys)
            .Where(name => !a.TryGetValue(name, out var x) || !b.TryGetValue(name, out var y) || x != y)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Dictionary<string, string> Parse(string summary) =>
        summary.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
