using System.Text.RegularExpressions;

namespace Kaniko.Engine.Tests;

/// <summary>
/// docs/error-codes.md and the codes the sources raise stay in step, so users can look every code up;
/// every code is defined once, as a constant of an error-code class (a <c>*ErrorCode.cs</c> file), and
/// referenced by name everywhere else.
/// </summary>
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
    public void EveryCodeConstant_IsUsedOutsideItsClass()
    {
        var sources = SourceFiles().Select(path => (Path: path, Text: File.ReadAllText(path))).ToList();
        var unused = CodeConstants()
            .Where(constant => !sources.Any(source => source.Path != constant.Path && source.Text.Contains(constant.Class + "." + constant.Name, StringComparison.Ordinal)))
            .Select(constant => $"{constant.Class}.{constant.Name} ({constant.Code})")
            .ToList();

        Assert.IsEmpty(unused, "Error codes defined but raised nowhere: " + string.Join(", ", unused));
    }

    [TestMethod]
    public void EveryCode_IsDefinedOnce()
    {
        var twice = CodeConstants().GroupBy(constant => constant.Code, StringComparer.Ordinal).Where(group => group.Count() > 1)
            .Select(group => group.Key + ": " + string.Join(", ", group.Select(constant => constant.Class + "." + constant.Name)))
            .ToList();

        Assert.IsEmpty(twice, "Codes defined more than once: " + string.Join("; ", twice));
    }

    [TestMethod]
    public void NoCodeLiteral_OutsideTheErrorCodeClasses()
    {
        var literals = SourceFiles().Where(path => !IsErrorCodeClass(path))
            .SelectMany(path => CodeLiteral().Matches(File.ReadAllText(path)).Select(match => $"{Path.GetFileName(path)}: {match.Groups[1].Value}"))
            .ToList();

        Assert.IsEmpty(literals, "Code literals outside the error-code classes (define a constant there and use it): " + string.Join(", ", literals));
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

    private static HashSet<string> SourceCodes() => CodeConstants().Select(constant => constant.Code).ToHashSet(StringComparer.Ordinal);

    private static List<(string Path, string Class, string Name, string Code)> CodeConstants() =>
        SourceFiles().Where(IsErrorCodeClass)
            .SelectMany(path => CodeConstant().Matches(File.ReadAllText(path))
                .Select(match => (path, Path.GetFileNameWithoutExtension(path), match.Groups[1].Value, match.Groups[2].Value)))
            .ToList();

    private static bool IsErrorCodeClass(string path) => path.EndsWith("ErrorCode.cs", StringComparison.Ordinal);

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(RepositoryFolder.Combine("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex("^\\| (KANIKO\\d{4}) \\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("\"(?:error )?(KANIKO\\d{4})[\":]")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex("const string (\\w+) = \"(KANIKO\\d{4})\";")]
    private static partial Regex CodeConstant();
}
