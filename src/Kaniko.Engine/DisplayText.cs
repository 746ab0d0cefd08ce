using System.Globalization;

namespace Kaniko.Engine;

/// <summary>Command text as a log line or a message shows it: at most a few lines' worth, the rest counted.</summary>
internal static class DisplayText
{
    public const int Longest = 500;

    public static string Shorten(string text) =>
        text.Length <= Longest
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..Longest]}… ({text.Length - Longest} more characters)");
}
