using System.Text;
using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// The pattern of ${V#p}, ${V%p} and ${V/p/r}: * and ? are wildcards, \*, \? and \\ are literal,
/// everything else (brackets included, as in BuildKit) matches itself.
/// </summary>
internal sealed class ShellPattern
{
    // Linear-time matching: a pattern of many stars cannot make a build hang.
    private const RegexOptions Options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
    private readonly Regex _whole;
    private readonly Regex _anywhere;

    private ShellPattern(string regex)
    {
        _whole = new Regex("^(?:" + regex + ")$", Options);
        _anywhere = new Regex(regex, Options);
    }

    public static ShellPattern Parse(string pattern, Func<string, Exception> error)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '\\':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '}')
                    {
                        // "\}" kept "}" out of the closing brace; the escape is not part of the pattern.
                        break;
                    }

                    if (i + 1 == pattern.Length || pattern[i + 1] is not ('*' or '?' or '\\'))
                    {
                        throw error($"invalid pattern ({pattern}) in substitution: invalid escape '\\{(i + 1 < pattern.Length ? pattern[i + 1] : ' ')}'");
                    }

                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(ch.ToString()));
                    break;
            }
        }

        return new ShellPattern(regex.ToString());
    }

    public string TrimPrefix(string value, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var length = longest ? value.Length - i : i;
            if (_whole.IsMatch(value.AsSpan(0, length)))
            {
                return value[length..];
            }
        }

        return value;
    }

    public string TrimSuffix(string value, bool longest)
    {
        for (var i = 0; i <= value.Length; i++)
        {
            var start = longest ? i : value.Length - i;
            if (_whole.IsMatch(value.AsSpan(start)))
            {
                return value[..start];
            }
        }

        return value;
    }

    public string Replace(string value, string replacement, bool all) =>
        all
            ? _anywhere.Replace(value, _ => replacement)
            : _anywhere.Replace(value, _ => replacement, 1);
}
