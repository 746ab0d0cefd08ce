using System.Text.RegularExpressions;

namespace Kaniko.Engine.Tests;

/// <summary>docs/error-codes.md and the codes the sources raise stay in step, so users can look every code up.</summary>
[TestClass]
public sealed partial class ErrorCodeTableTests
{
    [TestMethod]
    public void EveryCodeInTheSources_IsInTheTable()
    {
        var missing = SourceCodes().Except(TableCodes()).Order(StringComparer.Ordinal).ToList();

        Assert.IsEmpty(missing, "Codes raised in src/ but not listed in docs/error-codes.md: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void EveryCodeInTheTable_IsRaisedSomewhere()
    {
        var stale = TableCodes().Except(SourceCodes()).Order(StringComparer.Ordinal).ToList();

        Assert.IsEmpty(stale, "Codes in docs/error-codes.md that nothing in src/ raises: " + string.Join(", ", stale));
    }

    [TestMethod]
    public void TheTable_ListsEachCodeOnce()
    {
        var rows = TableRows().Select(match => match.Groups[1].Value).ToList();

        Assert.HasCount(rows.Distinct(StringComparer.Ordinal).Count(), rows);
        Assert.IsGreaterThan(50, rows.Count);
    }

    private static HashSet<string> TableCodes() => TableRows().Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<Match> TableRows() =>
        TableRow().Matches(File.ReadAllText(RepositoryFolder.Combine("docs", "error-codes.md")));

    private static HashSet<string> SourceCodes() =>
        Directory.EnumerateFiles(RepositoryFolder.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => CodeLiteral().Matches(File.ReadAllText(path)).Select(match => match.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("^\\| (KANIKO\\d{4}) \\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("\"(?:error )?(KANIKO\\d{4})[\":]")]
    private static partial Regex CodeLiteral();
}
