using System.Formats.Tar;
using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Whether a name fits the ustar header (100 bytes, or a 155-byte prefix and a 100-byte name split
/// at a "/"). Names that do not fit get a PAX extended header of our own making.
/// </summary>
internal static class UstarNameFit
{
    private const int NameLength = 100;
    private const int PrefixLength = 155;

    public static bool Name(string name)
    {
        var length = Encoding.UTF8.GetByteCount(name);
        if (length <= NameLength)
        {
            return true;
        }

        if (length > NameLength + PrefixLength + 1)
        {
            return false;
        }

        // System.Formats.Tar splits prefix and name its own way (not at every possible "/"), so it
        // is asked directly: it validates the name before it writes anything.
        try
        {
            using var probe = new TarWriter(Stream.Null, TarEntryFormat.Ustar, leaveOpen: true);
            probe.WriteEntry(new UstarTarEntry(TarEntryType.Directory, name));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static bool LinkName(string? linkName) =>
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
