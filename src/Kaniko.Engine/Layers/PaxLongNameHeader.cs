using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Writes a PAX extended header ('x') carrying "path" and "linkpath" for names too long for ustar.
/// System.Formats.Tar's own PAX entries name the header after the process id and add an mtime
/// record to every entry, which would make layers differ from run to run.
/// </summary>
internal static class PaxLongNameHeader
{
    private const int BlockSize = 512;

    public static async ValueTask WriteAsync(Stream tar, string? path, string? linkPath, CancellationToken cancellationToken)
    {
        var records = new StringBuilder();
        if (path is not null)
        {
            records.Append(Record("path", path));
        }

        if (linkPath is not null)
        {
            records.Append(Record("linkpath", linkPath));
        }

        var data = Encoding.UTF8.GetBytes(records.ToString());
        var header = new byte[BlockSize];
        Put(header, 0, 100, UstarNameFit.Truncate("PaxHeaders.0/" + Path.GetFileName(path ?? linkPath ?? "entry")));
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
        await tar.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await tar.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        var padding = (BlockSize - (data.Length % BlockSize)) % BlockSize;
        if (padding > 0)
        {
            await tar.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
        }
    }

    // A record is "<length> <key>=<value>\n" where length counts its own digits.
    private static string Record(string key, string value)
    {
        var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
        var length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{length} {key}={value}\n");
    }

    private static void Put(byte[] header, int offset, int length, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, header.AsSpan(offset, length));
        header.AsSpan(offset + written, length - written).Clear();
    }
}
