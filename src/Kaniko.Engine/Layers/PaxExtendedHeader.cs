using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Writes a PAX extended header ('x'): "path" and "linkpath" for names too long for ustar, and
/// "SCHILY.xattr.*" for extended attributes. System.Formats.Tar's own PAX entries name the header
/// after the process id and add an mtime record to every entry, which would make layers differ
/// from run to run.
/// </summary>
internal static class PaxExtendedHeader
{
    private const int BlockSize = 512;

    public static async ValueTask WriteAsync(
        Stream tar,
        string entryName,
        IReadOnlyList<KeyValuePair<string, byte[]>> records,
        CancellationToken cancellationToken)
    {
        var data = new MemoryStream();
        foreach (var (key, value) in records)
        {
            Record(data, key, value);
        }

        var header = new byte[BlockSize];
        Put(header, 0, 100, UstarNameFit.Truncate("PaxHeaders.0/" + Path.GetFileName(entryName.TrimEnd('/'))));
        Put(header, 100, 8, "0000644");
        Put(header, 108, 8, "0000000");
        Put(header, 116, 8, "0000000");
        Put(header, 124, 12, Convert.ToString(data.Length, 8).PadLeft(11, '0'));
        Put(header, 136, 12, "00000000000");
        header[156] = (byte)'x';
        Put(header, 257, 6, "ustar");
        Put(header, 263, 2, "00");
        header.AsSpan(148, 8).Fill((byte)' ');
        var checksum = 0;
        foreach (var b in header)
        {
            checksum += b;
        }

        Put(header, 148, 7, Convert.ToString(checksum, 8).PadLeft(6, '0'));
        var padding = (BlockSize - (int)(data.Length % BlockSize)) % BlockSize;
        data.Write(new byte[padding]);
        await tar.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await tar.WriteAsync(data.GetBuffer().AsMemory(0, (int)data.Length), cancellationToken).ConfigureAwait(false);
    }

    // A record is "<length> <key>=<value>\n" where length counts its own digits.
    private static void Record(MemoryStream data, string key, byte[] value)
    {
        var body = Encoding.UTF8.GetByteCount(key) + value.Length + 3;
        var length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        data.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{length} {key}=")));
        data.Write(value);
        data.WriteByte((byte)'\n');
    }

    private static void Put(byte[] header, int offset, int length, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, header.AsSpan(offset, length));
        header.AsSpan(offset + written, length - written).Clear();
    }
}
