using System.Text.RegularExpressions;

namespace Kaniko.Engine.Images;

/// <summary>The pieces of the distribution reference grammar that <see cref="ImageReference"/> checks.</summary>
internal static partial class ReferenceGrammar
{
    public const int MaxNameLength = 255;

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::(?<port>[0-9]+))?$|^\[[a-fA-F0-9:]+\](?::(?<port>[0-9]+))?$", RegexOptions.CultureInvariant)]
    public static partial Regex Registry();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    public static partial Regex PathComponent();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    public static partial Regex Tag();

    public static bool IsRegistry(string value)
    {
        var match = Registry().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var port = match.Groups["port"];
        return !port.Success || (int.TryParse(port.Value, out int number) && number is > 0 and <= 65535);
    }
}
