using System.Globalization;
using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Finds the heredoc markers (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>3&lt;&lt;"EOF"</c>) among the
/// words of an instruction line. A name with quotes anywhere turns expansion of the content off.
/// </summary>
internal static partial class HeredocMarker
{
    public static List<Heredoc> FindAll(string line, Func<string, Exception> error)
    {
        List<string> words;
        try
        {
            words = ShellWordExpander.Words(line, '\\', ShellLexerMode.RawQuotes | ShellLexerMode.RawEscapes);
        }
        catch (KanikoException)
        {
            // Like BuildKit: a line the lexer cannot split has no heredocs; its words fail later.
            return [];
        }

        var heredocs = new List<Heredoc>();
        foreach (var word in words)
        {
            if (Parse(word, error) is { } heredoc)
            {
                heredocs.Add(heredoc);
            }
        }

        return heredocs;
    }

    private static Heredoc? Parse(string word, Func<string, Exception> error)
    {
        var match = MarkerPattern().Match(word);
        if (!match.Success || match.Groups["name"].Length == 0)
        {
            return null;
        }

        var rest = match.Groups["name"].Value;
        List<string> names;
        List<string> raw;
        try
        {
            names = ShellWordExpander.Words(rest, '\\', ShellLexerMode.SkipUnset);
            raw = ShellWordExpander.Words(rest, '\\', ShellLexerMode.SkipUnset | ShellLexerMode.RawQuotes);
        }
        catch (KanikoException exception)
        {
            throw error($"invalid heredoc name {rest}: {exception.Message}");
        }

        if (names.Count != 1 || raw.Count != 1)
        {
            return null;
        }

        var expand = Quotes(names[0]) == Quotes(raw[0]);
        int? descriptor = match.Groups["fd"].Length > 0
            ? int.Parse(match.Groups["fd"].Value, NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
        return new Heredoc(names[0], string.Empty, expand, match.Groups["chomp"].Length > 0, descriptor);
    }

    private static int Quotes(string text) => text.Count(ch => ch is '\'' or '"');

    [GeneratedRegex(@"^(?<fd>\d{0,9})<<(?<chomp>-?)(?<name>[^<]*)$")]
    private static partial Regex MarkerPattern();
}
