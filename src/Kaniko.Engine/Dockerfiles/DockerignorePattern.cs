using System.Text;
using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// One .dockerignore line as moby's pattern matcher reads it: <c>*</c> and <c>?</c> stay inside one
/// path component, <c>**</c> spans any number of them (also none), <c>[...]</c> is a character
/// class, <c>\</c> escapes, and a leading <c>!</c> makes it an exception that re-includes.
/// </summary>
public sealed class DockerignorePattern
{
    private readonly Regex _regex;
    private readonly string? _suffix;

    private DockerignorePattern(string pattern, bool isException, Regex regex)
    {
        Pattern = pattern;
        IsException = isException;
        _regex = regex;

        // Like moby: "**" then literal text is a plain suffix test, so "**foo" also matches "barfoo".
        if (pattern.StartsWith("**", StringComparison.Ordinal) && pattern.AsSpan(2).IndexOfAny("*?[]\\") < 0)
        {
            _suffix = pattern[2..];
        }

        // Without "**", classes or escapes only the pattern's own slashes match one, so it matches
        // paths of exactly its number of components.
        if (_suffix is null && !pattern.Contains("**", StringComparison.Ordinal) && pattern.AsSpan().IndexOfAny("[]\\") < 0)
        {
            ComponentCount = pattern.AsSpan().Count('/') + 1;
        }
    }

    /// <summary>The number of components of every path the pattern matches, or null when that varies.</summary>
    internal int? ComponentCount { get; }

    /// <summary>The cleaned pattern without its "!".</summary>
    public string Pattern { get; }

    public bool IsException { get; }

    /// <summary>Null for a pattern the matcher cannot compile (an unclosed "[", a lone "!").</summary>
    public static DockerignorePattern? TryCreate(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.Trim();
        var isException = text.StartsWith('!');
        if (isException)
        {
            text = text[1..].Trim();
        }

        if (text.Length == 0)
        {
            return null;
        }

        text = Clean(text);
        try
        {
            return new DockerignorePattern(text, isException, new Regex(ToRegex(text), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether the slash-separated path, relative to the context, is matched by the pattern itself.</summary>
    public bool Matches(string path) => _suffix is null
        ? _regex.IsMatch(path)
        : path.EndsWith(_suffix, StringComparison.Ordinal) || (_suffix.StartsWith('/') && path == _suffix[1..]);

    // filepath.Clean: no empty or "." components, ".." folded, a leading "/" dropped (paths are relative to the context).
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !pattern.StartsWith('/'))
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var ch = pattern[i];
            switch (ch)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    regex.Append('\\').Append(i + 1 < pattern.Length ? pattern[++i] : '\\');
                    break;
                case '[' or ']':
                    regex.Append(ch);
                    break;
                case '.' or '+' or '(' or ')' or '{' or '}' or '|' or '$':
                    regex.Append('\\').Append(ch);
                    break;
                default:
                    regex.Append(ch);
                    break;
            }
        }

        return regex.Append('$').ToString();
    }
}
