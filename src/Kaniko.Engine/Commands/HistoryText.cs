using System.Text;

namespace Kaniko.Engine.Commands;

/// <summary>Formats values in history <c>created_by</c> texts the way BuildKit (Go's %q, %v) does.</summary>
internal static class HistoryText
{
    public static string QuotedList(IEnumerable<string> values) =>
        "[" + string.Join(' ', values.Select(Quote)) + "]";

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var character in value)
        {
            builder.Append(character switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => character.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
