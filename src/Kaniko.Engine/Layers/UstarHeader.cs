using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Builds one 512-byte ustar header with numeric owners and no user or group names. Numbers are
/// octal; a caller whose value does not fit (<see cref="Fits"/>) puts it in a PAX record and 0 here.
/// Our own rather than System.Formats.Tar's writer, which refuses a ustar entry whose uid, gid or
/// size is too large instead of letting a PAX record carry it (uids like OpenShift's 1000680000).
/// </summary>
internal static class UstarHeader
{
    public const int BlockSize = 512;
    public const long MaxOwner = 0x1FFFFF; // 7 octal digits
    public const long MaxSize = 0x1FFFFFFFF; // 11 octal digits

    public static bool Fits(long value, long max) => value >= 0 && value <= max;

    public static byte[] Create(
        string name,
        char type,
        int mode,
        long uid,
        long gid,
        long size,
        long modificationTime,
        string? linkName = null,
        int deviceMajor = 0,
        int deviceMinor = 0)
    {
        var header = new byte[BlockSize];
        var (prefix, shortName) = UstarName.Split(name) ?? (string.Empty, UstarName.Truncate(name));
        Text(header, 0, 100, shortName);
        Octal(header, 100, 8, mode);
        Octal(header, 108, 8, Fits(uid, MaxOwner) ? uid : 0);
        Octal(header, 116, 8, Fits(gid, MaxOwner) ? gid : 0);
        Octal(header, 124, 12, Fits(size, MaxSize) ? size : 0);
        Octal(header, 136, 12, Math.Clamp(modificationTime, 0, MaxSize));
        header[156] = (byte)type;
        Text(header, 157, 100, linkName is null ? string.Empty : UstarName.Truncate(linkName));
        "ustar\u000000"u8.CopyTo(header.AsSpan(257));
        Octal(header, 329, 8, deviceMajor);
        Octal(header, 337, 8, deviceMinor);
        Text(header, 345, 155, prefix);
        header.AsSpan(148, 8).Fill((byte)' ');
        var checksum = 0;
        foreach (var b in header)
        {
            checksum += b;
        }

        Octal(header, 148, 7, checksum);
        header[154] = 0;
        return header;
    }

    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(digits, header.AsSpan(offset, length - 1));
    }

    private static void Text(byte[] header, int offset, int length, string text) =>
        Encoding.UTF8.GetBytes(text, header.AsSpan(offset, length));
}
