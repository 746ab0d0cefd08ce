using System.Globalization;
using System.Text;

namespace Kaniko.Engine;

/// <summary>
/// Text from a build's inputs made safe to print: control characters (C0 but tab, DEL, C1) written
/// as <c>\x1b</c>-style escapes, so a Dockerfile cannot move the cursor, recolour, retitle or ring
/// the terminal that shows a message or log line quoting it.
/// </summary>
public static class TerminalText
{
    /// <summary>
    /// The text with its control characters escaped; line feeds stay when <paramref name="keepLineFeeds"/>
    /// (a message that lists lines on purpose).
    /// </summary>
    public static string Escape(string text, bool keepLineFeeds = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(character => NeedsEscape(character, keepLineFeeds)))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var character in text)
        {
            if (NeedsEscape(character, keepLineFeeds))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:x2}");
            }
            else
            {
                escaped.Append(character);
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char character, bool keepLineFeeds) =>
        char.IsControl(character) && character != '\t' && !(keepLineFeeds && character == '\n');
}
