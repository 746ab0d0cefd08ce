using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Kaniko.Tool.Tests;

/// <summary>
/// docs/cli.md stays true of the commands: every option of every command is in that command's
/// section, and the generated sections are what build/generate-cli-docs writes from the tool today.
/// </summary>
[TestClass]
public sealed class CliDocsTests
{
    private const string Regenerate = "build and run build/generate-cli-docs to bring docs/cli.md up to date";

    private static readonly string Root = RepositoryRoot();

    /// <summary>Every command the tool defines, with its path ("cache prune"), found from the definitions themselves.</summary>
    public static IEnumerable<object[]> Commands =>
        TopLevelCommands().SelectMany(command => WithSubcommands(command, "")).Select(pair => new object[] { pair.Path, pair.Command });

    [TestMethod]
    public void CliDocs_EveryCommand_HasAGeneratedSection()
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "cli.md"));
        var documented = Regex.Matches(text, "<!-- generated: (.+) -->").Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var defined = Commands.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.IsEmpty(defined.Except(documented).ToList(), "Commands with no section in docs/cli.md: " + string.Join(", ", defined.Except(documented)) + "; " + Regenerate);
        Assert.IsEmpty(documented.Except(defined).ToList(), "Sections in docs/cli.md for commands the tool does not have: " + string.Join(", ", documented.Except(defined)));
    }

    [TestMethod]
    [DynamicData(nameof(Commands))]
    public void CliDocs_EveryOptionAndArgument_IsInItsCommandsSection(string path, Command command)
    {
        var section = Section(path);

        foreach (var option in command.Options.Where(option => !option.Hidden && option is not HelpOption))
        {
            foreach (var name in option.Aliases.Prepend(option.Name))
            {
                Assert.IsTrue(Regex.IsMatch(section, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])"), $"docs/cli.md's '{path}' section lacks {name}; {Regenerate}");
            }

            Assert.Contains(Cell(option.Description), section, $"docs/cli.md's '{path}' section lacks the description of {option.Name}; {Regenerate}");
        }

        foreach (var argument in command.Arguments.Where(argument => !argument.Hidden))
        {
            Assert.Contains($"`<{argument.Name}>`", section, $"docs/cli.md's '{path}' section lacks the argument <{argument.Name}>; {Regenerate}");
            Assert.Contains(Cell(argument.Description), section, $"docs/cli.md's '{path}' section lacks the description of <{argument.Name}>; {Regenerate}");
        }

        Assert.Contains(Cell(command.Description), section, $"docs/cli.md's '{path}' section lacks the command's description; {Regenerate}");
    }

    [TestMethod]
    public async Task CliDocs_File_IsWhatTheGeneratorWritesToday()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(Path.Combine(Root, "build", "generate-cli-docs"));
        start.ArgumentList.Add("--stdout");
        start.Environment["KANIKO_TOOL"] = Path.Combine(AppContext.BaseDirectory, "dotnet-kaniko.dll");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.AreEqual(0, process.ExitCode, await error);
        var expected = (await output).Split('\n');
        var actual = File.ReadAllText(Path.Combine(Root, "docs", "cli.md")).Split('\n');
        var first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (first < 0 && expected.Length != actual.Length)
        {
            first = Math.Min(expected.Length, actual.Length);
        }

        Assert.AreEqual(-1, first, first < 0 ? "" : $"docs/cli.md line {first + 1} is\n  {actual.ElementAtOrDefault(first)}\nbut the generator writes\n  {expected.ElementAtOrDefault(first)}\n{Regenerate}");
    }

    /// <summary>The text between a command's markers.</summary>
    private static string Section(string path)
    {
        var text = File.ReadAllText(Path.Combine(Root, "docs", "cli.md"));
        var begin = text.IndexOf($"<!-- generated: {path} -->", StringComparison.Ordinal);
        var end = text.IndexOf($"<!-- end generated: {path} -->", StringComparison.Ordinal);
        Assert.IsTrue(begin >= 0 && end > begin, $"docs/cli.md has no generated section for '{path}'; {Regenerate}");
        return text[begin..end];
    }

    /// <summary>A description as a table cell holds it.</summary>
    private static string Cell(string? description) => (description ?? "").Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Each <c>*CommandLine.Create()</c> makes one top-level command of <c>dotnet kaniko</c>.</summary>
    private static IEnumerable<Command> TopLevelCommands() =>
        typeof(KanikoCommandLine).Assembly.GetTypes()
            .Select(type => type.GetMethod("Create", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes))
            .Where(method => method is not null && method.ReturnType == typeof(Command))
            .Select(method => (Command)method!.Invoke(null, null)!)
            .OrderBy(command => command.Name, StringComparer.Ordinal);

    private static IEnumerable<(string Path, Command Command)> WithSubcommands(Command command, string parent)
    {
        var path = parent.Length == 0 ? command.Name : parent + " " + command.Name;
        yield return (path, command);
        foreach (var sub in command.Subcommands.SelectMany(sub => WithSubcommands(sub, path)))
        {
            yield return sub;
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kaniko.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }
}
