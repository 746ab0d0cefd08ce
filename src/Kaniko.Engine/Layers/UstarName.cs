using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Fits a name into the ustar header: 100 bytes, or a prefix of at most 155 bytes and a name of at
/// most 100 split at a "/". Names that do not fit go into a PAX "path" or "linkpath" record, with
/// a truncated stand-in in the header.
/// </summary>
internal static class UstarName
{
    public const int NameLength = 100;
    public const int PrefixLength = 155;

    /// <summary>The (prefix, name) split, or null when the name does not fit.</summary>
    public static (string Prefix, string Name)? Split(string name)
    {
        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes <= NameLength)
        {
            return (string.Empty, name);
        }

        // Byte counts, not substrings: a name thousands of folders deep is tried at many slashes.
        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            var prefixBytes = Encoding.UTF8.GetByteCount(name.AsSpan(0, slash));
            if (prefixBytes > PrefixLength)
            {
                return null;
            }

            if (slash + 1 < name.Length && bytes - prefixBytes - 1 <= NameLength)
            {
                return (name[..slash], name[(slash + 1)..]);
            }
        }

        return null;
    }

    public static bool LinkFits(string? linkName) =>
        linkName is null || Encoding.UTF8.GetByteCount(linkName) <= NameLength;

    /// <summary>A stand-in that fits the header; readers take the real name from the PAX header.</summary>
    public static string Truncate(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length <= NameLength)
        {
            return name;
        }

        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[NameLength];
        decoder.Convert(bytes, 0, NameLength, chars, 0, chars.Length, flush: false, out _, out var used, out _);
        return new string(chars, 0, used).TrimEnd('/');
    }
}
