using System.Text;

namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// BuildKit's parser test dump of a syntax tree: one line per instruction,
/// <c>(keyword ["--flag" ...] "value" ...)</c>, ONBUILD's trigger nested. Heredoc bodies are not shown.
/// </summary>
public static class SyntaxTreeDump
{
    public static string Format(DockerfileSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var dump = new StringBuilder();
        foreach (var node in syntax.Nodes)
        {
            dump.Append(Format(node)).Append('\n');
        }

        return dump.ToString();
    }

    public static string Format(InstructionNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var line = new StringBuilder("(").Append(node.Keyword.ToLowerInvariant());
        if (node.Flags.Count > 0)
        {
            line.Append(" [").AppendJoin(' ', node.Flags.Select(GoQuotedString.Quote)).Append(']');
        }

        if (node.Trigger is { } trigger)
        {
            line.Append(' ').Append(Format(trigger));
        }

        foreach (var value in node.Values)
        {
            line.Append(' ').Append(GoQuotedString.Quote(value));
        }

        return line.Append(')').ToString();
    }
}
