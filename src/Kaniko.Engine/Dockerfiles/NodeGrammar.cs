using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// How each keyword's argument text becomes the node's values, as in BuildKit's parser: JSON or
/// the whole text (RUN CMD ENTRYPOINT SHELL), JSON or words (COPY ADD VOLUME), words (FROM EXPOSE),
/// key/value/separator triples (ENV LABEL), raw words (ARG), the whole text (USER WORKDIR
/// STOPSIGNAL MAINTAINER), a type and a command (HEALTHCHECK). Unknown keywords get no values.
/// </summary>
internal static partial class NodeGrammar
{
    public static (IReadOnlyList<string> Values, bool IsJson) Values(string keyword, string rest, char escape, Func<string, Exception> error) =>
        keyword switch
        {
            "RUN" or "CMD" or "ENTRYPOINT" or "SHELL" => MaybeJson(rest, error),
            "COPY" or "ADD" or "VOLUME" => MaybeJsonOrWords(rest, error),
            "FROM" or "EXPOSE" => (Whitespace(rest), false),
            "ENV" or "LABEL" => (NameValues(keyword, rest, escape, error), false),
            "ARG" => (ArgumentWords.Split(rest, escape), false),
            "USER" or "WORKDIR" or "STOPSIGNAL" or "MAINTAINER" => (rest.Length == 0 ? [] : [rest], false),
            "HEALTHCHECK" => HealthCheck(rest, error),
            _ => ([], false),
        };

    public static string[] Whitespace(string rest) =>
        rest.Length == 0 ? [] : WhitespacePattern().Split(rest);

    private static (IReadOnlyList<string>, bool) MaybeJson(string rest, Func<string, Exception> error)
    {
        if (rest.Length == 0)
        {
            return ([], false);
        }

        return ExecForm.Parse(rest, out var strings) switch
        {
            ExecFormResult.Strings => (strings, true),
            ExecFormResult.NotStrings => throw error(ExecForm.NotStringArray),
            _ => ([rest], false),
        };
    }

    private static (IReadOnlyList<string>, bool) MaybeJsonOrWords(string rest, Func<string, Exception> error) =>
        ExecForm.Parse(rest, out var strings) switch
        {
            ExecFormResult.Strings => (strings, true),
            ExecFormResult.NotStrings => throw error(ExecForm.NotStringArray),
            _ => (Whitespace(rest), false),
        };

    // ENV/LABEL: "k v..." (legacy: one pair, separator "") or "k=v ..." (separator "=").
    private static List<string> NameValues(string keyword, string rest, char escape, Func<string, Exception> error)
    {
        var words = ArgumentWords.Split(rest, escape);
        if (words.Count == 0)
        {
            return [];
        }

        if (!words[0].Contains('=', StringComparison.Ordinal))
        {
            var parts = WhitespacePattern().Split(rest, 2);
            if (parts.Length < 2)
            {
                throw error($"{keyword} must have two arguments: {keyword} name=value or {keyword} name value");
            }

            return [parts[0], parts[1], ""];
        }

        var values = new List<string>(words.Count * 3);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw error($"syntax error - can't find = in \"{word}\". Must be of the form: name=value");
            }

            values.Add(word[..equals]);
            values.Add(word[(equals + 1)..]);
            values.Add("=");
        }

        return values;
    }

    private static (IReadOnlyList<string>, bool) HealthCheck(string rest, Func<string, Exception> error)
    {
        var typeEnd = 0;
        while (typeEnd < rest.Length && !char.IsWhiteSpace(rest[typeEnd]))
        {
            typeEnd++;
        }

        if (typeEnd == 0)
        {
            return ([], false);
        }

        var (command, isJson) = MaybeJson(rest[typeEnd..].TrimStart(), error);
        return ([rest[..typeEnd], .. command], isJson);
    }

    [GeneratedRegex(@"[\t\v\f\r ]+")]
    private static partial Regex WhitespacePattern();
}
