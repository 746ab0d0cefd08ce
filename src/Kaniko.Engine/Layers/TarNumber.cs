using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Numeric header fields: octal text (NUL- or space-terminated, as every tar writes) or, when the
/// first byte has its high bit set, GNU's big-endian base-256 for values octal cannot hold.
/// </summary>
internal static class TarNumber
{
    /// <summary>Null when the field is not a number.</summary>
    public static long? Parse(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            return ParseBase256(field);
        }

        var text = Encoding.ASCII.GetString(field).Trim(' ', '\0');
        if (text.Length == 0)
        {
            return 0;
        }

        long value = 0;
        foreach (var digit in text)
        {
            if (digit is < '0' or > '7' || value > (long.MaxValue >> 3))
            {
                return null;
            }

            value = (value << 3) | (long)(digit - '0');
        }

        return value;
    }

    private static long? ParseBase256(ReadOnlySpan<byte> field)
    {
        // The first byte's high bit is the marker; 0xFF marks a negative number, which no size,
        // time or id of a layer may be.
        if (field[0] == 0xFF)
        {
            return null;
        }

        long value = field[0] & 0x7F;
        foreach (var b in field[1..])
        {
            if (value > (long.MaxValue >> 8))
            {
                return null;
            }

            value = (value << 8) | b;
        }

        return value;
    }
}
