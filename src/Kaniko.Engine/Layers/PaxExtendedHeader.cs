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
    private const int BlockSize = UstarHeader.BlockSize;

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

        var header = UstarHeader.Create(
            UstarName.Truncate("PaxHeaders.0/" + Path.GetFileName(entryName.TrimEnd('/'))), 'x', 0x1A4, 0, 0, data.Length, 0);
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
}
