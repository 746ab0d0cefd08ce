using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Turns Dockerfile text into instruction nodes: parser directives at the top, comments and blank
/// lines skipped, continuation lines joined (comment lines inside a continuation are dropped), the
/// keyword and leading flags split off. Knows nothing of what an instruction means.
/// </summary>
internal static partial class DockerfileSyntaxParser
{
    public static IReadOnlyList<InstructionNode> Parse(string text, string fileName)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var escape = '\\';
        var index = ReadDirectives(lines, fileName, ref escape);
        var nodes = new List<InstructionNode>();
        for (; index < lines.Length; index++)
        {
            var line = lines[index];
            if (IsComment(line) || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var startLine = index + 1;
            var column = line.Length - line.TrimStart().Length + 1;
            var (logical, continues) = TrimContinuation(line.TrimStart(), escape);
            while (continues && index + 1 < lines.Length)
            {
                var next = lines[++index];
                if (IsComment(next) || string.IsNullOrWhiteSpace(next))
                {
                    continue;
                }

                (var joined, continues) = TrimContinuation(next, escape);
                logical += joined;
            }

            if (string.IsNullOrWhiteSpace(logical))
            {
                continue;
            }

            nodes.Add(ToNode(logical, new SourceLocation(fileName, startLine, column), escape));
        }

        return nodes;
    }

    private static int ReadDirectives(string[] lines, string fileName, ref char escape)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        for (; index < lines.Length; index++)
        {
            var match = DirectivePattern().Match(lines[index]);
            if (!match.Success)
            {
                break;
            }

            var name = match.Groups["name"].Value.ToLowerInvariant();
            if (name is not ("escape" or "syntax" or "check"))
            {
                break;
            }

            var location = new SourceLocation(fileName, index + 1, 1);
            if (!seen.Add(name))
            {
                throw new DockerfileException(DockerfileErrorCode.InvalidDirective, location, $"only one {name} parser directive can be used");
            }

            var value = match.Groups["value"].Value;
            if (name == "escape")
            {
                if (value is not ("\\" or "`"))
                {
                    throw new DockerfileException(
                        DockerfileErrorCode.InvalidDirective,
                        location,
                        $"invalid escape token '{value}' does not match ^[\\\\`]$");
                }

                escape = value[0];
            }
        }

        return index;
    }

    private static InstructionNode ToNode(string logical, SourceLocation location, char escape)
    {
        var trimmed = logical.Trim();
        var keywordEnd = IndexOfWhitespace(trimmed, 0);
        var keyword = trimmed[..keywordEnd].ToUpperInvariant();
        var rest = trimmed[keywordEnd..].TrimStart();
        var flags = new List<InstructionFlag>();
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var (word, end) = FlagWord(rest, escape);
            var flag = word[2..];
            rest = rest[end..].TrimStart();
            if (flag.Length == 0)
            {
                // A bare "--" ends the flags, as in BuildKit.
                break;
            }

            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            flags.Add(equals < 0
                ? new InstructionFlag(flag, null)
                : new InstructionFlag(flag[..equals], flag[(equals + 1)..]));
        }

        return new InstructionNode(keyword, flags, rest, trimmed, location, escape);
    }

    // A flag word ends at unquoted whitespace; its quotes are removed ("--chown=\"app:app\"").
    private static (string Word, int End) FlagWord(string text, char escape)
    {
        var word = new System.Text.StringBuilder();
        var quote = '\0';
        var i = 0;
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (quote == '\0' && char.IsWhiteSpace(ch))
            {
                break;
            }

            if (ch == escape && quote != '\'' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else if (quote == '\0' && ch is '\'' or '"')
            {
                quote = ch;
            }
            else if (ch == quote)
            {
                quote = '\0';
            }
            else
            {
                word.Append(ch);
            }
        }

        return (word.ToString(), i);
    }

    private static (string Line, bool Continues) TrimContinuation(string line, char escape)
    {
        var trimmed = line.TrimEnd(' ', '\t');
        return trimmed.EndsWith(escape)
            ? (trimmed[..^1], true)
            : (line, false);
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    private static int IndexOfWhitespace(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return text.Length;
    }

    [GeneratedRegex(@"^#\s*(?<name>[a-zA-Z][a-zA-Z0-9]*)\s*=\s*(?<value>.+?)\s*$")]
    private static partial Regex DirectivePattern();
}
