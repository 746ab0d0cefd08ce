using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Parses a PAX extended header's records ("&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n"). Values stay
/// bytes, since an xattr's value need not be text.
/// </summary>
internal static class PaxRecords
{
    /// <summary>Null when a record is malformed.</summary>
    public static List<KeyValuePair<string, byte[]>>? Parse(ReadOnlySpan<byte> data)
    {
        var records = new List<KeyValuePair<string, byte[]>>();
        while (data.Length > 0)
        {
            if (data[0] == 0)
            {
                // Some writers pad the header's data with NULs.
                return data.IndexOfAnyExcept((byte)0) < 0 ? records : null;
            }

            var space = data.IndexOf((byte)' ');
            if (space <= 0
                || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space + 1 || length > data.Length || data[length - 1] != '\n')
            {
                return null;
            }

            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0)
            {
                return null;
            }

            var key = Encoding.UTF8.GetString(record[..equals]);
            if (key.Contains('\0', StringComparison.Ordinal))
            {
                return null;
            }

            records.Add(new(key, record[(equals + 1)..].ToArray()));
            data = data[length..];
        }

        return records;
    }

    public static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    /// <summary>A PAX time: decimal seconds since the epoch with an optional fraction; null when malformed.</summary>
    public static DateTimeOffset? Time(byte[] value)
    {
        var text = Text(value);
        var negative = text.StartsWith('-');
        var parts = text.TrimStart('-').Split('.');
        if (parts.Length > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > 253_402_300_799)
        {
            return null;
        }

        long ticks = 0;
        if (parts.Length == 2)
        {
            var fraction = parts[1].Length > 7 ? parts[1][..7] : parts[1].PadRight(7, '0');
            if (parts[1].Any(c => c is < '0' or > '9') || !long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out ticks))
            {
                return null;
            }
        }

        var total = (seconds * TimeSpan.TicksPerSecond) + ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(negative ? -total : total);
    }

    public static long? Number(byte[] value) =>
        long.TryParse(Text(value), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
