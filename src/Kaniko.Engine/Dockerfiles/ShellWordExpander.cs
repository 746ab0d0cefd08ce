namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Expands words as BuildKit's shell lexer does: $V, ${V}, ${V:-w}, ${V-w}, ${V:+w}, ${V+w},
/// ${V:?w}, ${V?w}, ${V#p}, ${V##p}, ${V%p}, ${V%%p}, ${V/p/r}, ${V//p/r}; single quotes literal,
/// double quotes expanded, escapes honoured, quotes removed. Unset variables expand to nothing.
/// Errors are <see cref="KanikoException"/>s with code KANIKO3010.
/// </summary>
public static class ShellWordExpander
{
    public static string Expand(string word, IReadOnlyDictionary<string, string> environment) =>
        Expand(word, environment, '\\');

    /// <param name="escape">The Dockerfile's escape character (\ or ` from "# escape=").</param>
    public static string Expand(string word, IReadOnlyDictionary<string, string> environment, char escape)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(environment);
        return new ShellWordLexer(word, environment, escape, ShellLexerMode.None).Process().Text;
    }

    /// <summary>Expands and splits on unquoted whitespace, including whitespace from unquoted variables.</summary>
    public static IReadOnlyList<string> ExpandAndSplit(string text, IReadOnlyDictionary<string, string> environment) =>
        ExpandAndSplit(text, environment, '\\');

    public static IReadOnlyList<string> ExpandAndSplit(string text, IReadOnlyDictionary<string, string> environment, char escape)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        return new ShellWordLexer(text, environment, escape, ShellLexerMode.None).Process().Words;
    }

    internal static List<string> Words(string text, char escape, ShellLexerMode mode) =>
        new ShellWordLexer(text, new Dictionary<string, string>(), escape, mode).Process().Words;
}
