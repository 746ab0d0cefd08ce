using System.Text.RegularExpressions;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// Turns Dockerfile text into the syntax tree, as BuildKit's parser does: parser directives only
/// at the very top; comment lines dropped everywhere, also inside a continuation, where blank lines
/// are skipped too; the escape character (with trailing blanks) continues a line, also on the last
/// line, unless another escape character comes right before it; heredoc bodies of RUN, COPY and
/// ADD (also under ONBUILD) read after their line; a file without instructions refused. Knows
/// nothing of what an instruction means beyond how its arguments split: whether it may come
/// before FROM, which flags it takes or how many arguments is for <see cref="DockerfileParser"/>.
/// </summary>
public static partial class DockerfileSyntaxParser
{
    private static readonly HashSet<string> HeredocKeywords = new(StringComparer.Ordinal) { "RUN", "COPY", "ADD" };

    public static DockerfileSyntax Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(fileName);

        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r', '\n');
        }

        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            Array.Resize(ref lines, lines.Length - 1);
        }

        var directives = ReadDirectives(lines, fileName);
        var escape = directives.FirstOrDefault(d => d.Name == "escape")?.Value[0] ?? '\\';
        var nodes = new List<InstructionNode>();
        for (var index = directives.Count; index < lines.Length; index++)
        {
            var first = lines[index];
            if (IsComment(first))
            {
                continue;
            }

            var startLine = index + 1;
            var column = first.Length - first.TrimStart().Length + 1;
            var (logical, continues) = TrimContinuation(first.TrimStart(), escape);
            if (!continues && logical.Length == 0)
            {
                continue;
            }

            while (continues && index + 1 < lines.Length)
            {
                var next = lines[++index];
                if (IsComment(next) || next.Trim().Length == 0)
                {
                    continue;
                }

                (var joined, continues) = TrimContinuation(next, escape);
                logical += joined;
            }

            var location = new SourceLocation(fileName, startLine, column);
            var node = ToNode(logical, location, escape, startLine);
            node = ReadHeredocs(node, lines, ref index);
            nodes.Add(node with { EndLine = index + 1 });
        }

        if (nodes.Count == 0)
        {
            throw new DockerfileException(
                DockerfileErrorCode.NoInstructions, new SourceLocation(fileName, 1, 1), "the Dockerfile has no instructions");
        }

        return new DockerfileSyntax(fileName, escape, directives, nodes);
    }

    private static List<ParserDirective> ReadDirectives(string[] lines, string fileName)
    {
        var directives = new List<ParserDirective>();
        for (var index = 0; index < lines.Length; index++)
        {
            var match = DirectivePattern().Match(lines[index]);
            var name = match.Groups["name"].Value.ToLowerInvariant();
            if (!match.Success || name is not ("escape" or "syntax" or "check"))
            {
                break;
            }

            var location = new SourceLocation(fileName, index + 1, 1);
            if (directives.Any(d => d.Name == name))
            {
                throw new DockerfileException(
                    DockerfileErrorCode.InvalidDirective, location, $"only one {name} parser directive can be used", lines[index].Trim());
            }

            var value = match.Groups["value"].Value;
            if (name == "escape" && value is not ("\\" or "`"))
            {
                throw new DockerfileException(
                    DockerfileErrorCode.InvalidDirective, location, $"invalid escape token '{value}' does not match ` or \\", lines[index].Trim());
            }

            directives.Add(new ParserDirective(name, value, index + 1));
        }

        return directives;
    }

    private static InstructionNode ToNode(string logical, SourceLocation location, char escape, int line)
    {
        var trimmed = logical.Trim();
        var keywordEnd = 0;
        while (keywordEnd < trimmed.Length && !char.IsWhiteSpace(trimmed[keywordEnd]))
        {
            keywordEnd++;
        }

        var keyword = trimmed[..keywordEnd].ToUpperInvariant();
        var (flags, rest) = BuilderFlagWords.Split(trimmed[keywordEnd..]);
        Exception Error(string what) =>
            new DockerfileException(DockerfileErrorCode.InvalidArguments, location, what, InstructionNode.Excerpt(trimmed));

        InstructionNode? trigger = null;
        if (keyword == "ONBUILD" && rest.Length > 0)
        {
            var triggerColumn = location.Column + trimmed.IndexOf(rest, StringComparison.Ordinal);
            trigger = ToNode(rest, location with { Column = triggerColumn }, escape, line);
        }

        var (values, isJson) = NodeGrammar.Values(keyword, rest, escape, Error);
        return new InstructionNode(keyword, flags, rest, values, isJson, trimmed, location, line, escape) { Trigger = trigger };
    }

    private static InstructionNode ReadHeredocs(InstructionNode node, string[] lines, ref int index)
    {
        var owner = node.Trigger ?? node;
        if (!HeredocKeywords.Contains(owner.Keyword) || owner.IsJson || !owner.Original.Contains("<<", StringComparison.Ordinal))
        {
            return node;
        }

        Exception Error(string what) => node.Error(DockerfileErrorCode.InvalidArguments, what);
        var heredocs = HeredocMarker.FindAll(owner.Original, Error);
        var read = new List<Heredoc>(heredocs.Count);
        foreach (var heredoc in heredocs)
        {
            var content = new System.Text.StringBuilder();
            var terminated = false;
            while (index + 1 < lines.Length)
            {
                var line = lines[++index];
                if ((heredoc.Chomp ? line.TrimStart('\t') : line) == heredoc.Name)
                {
                    terminated = true;
                    break;
                }

                content.Append(line).Append('\n');
            }

            if (!terminated)
            {
                throw node.Error(DockerfileErrorCode.UnterminatedHeredoc, $"unterminated heredoc {heredoc.Name}: no line \"{heredoc.Name}\" before the end of the file");
            }

            read.Add(heredoc with { Content = content.ToString() });
        }

        return node.Trigger is null
            ? node with { Heredocs = read }
            : node with { Heredocs = read, Trigger = node.Trigger with { Heredocs = read } };
    }

    // BuildKit's continuation pattern, ([^E])E[ \t]*$|^E[ \t]*$: an escaped escape character
    // ("trailing\\") ends the line, and so does any run of them longer than one.
    private static (string Line, bool Continues) TrimContinuation(string line, char escape)
    {
        var trimmed = line.TrimEnd(' ', '\t');
        return trimmed.EndsWith(escape) && (trimmed.Length == 1 || trimmed[^2] != escape)
            ? (trimmed[..^1], true)
            : (line, false);
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    [GeneratedRegex(@"^#\s*(?<name>[a-zA-Z][a-zA-Z0-9]*)\s*=\s*(?<value>.+?)\s*$")]
    private static partial Regex DirectivePattern();
}
