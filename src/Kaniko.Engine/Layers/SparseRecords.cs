using System.Globalization;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The GNU.sparse.* PAX records of one entry, in the three versions GNU tar writes: 0.0 (repeated
/// offset and numbytes records), 0.1 (one comma-separated map record) and 1.0 (the map at the start
/// of the data, which <see cref="CompleteMap"/> parses).
/// </summary>
internal sealed class SparseRecords
{
    private readonly List<long> _numbers = [];
    private string? _major;
    private string? _minor;
    private bool _hasMap;

    public bool IsVersion1 => _major == "1" && _minor == "0";

    /// <summary>False when a sparse record is malformed; records of other kinds are ignored.</summary>
    public bool Add(string key, byte[] value)
    {
        var text = PaxRecords.Text(value);
        switch (key)
        {
            case "GNU.sparse.major": _major = text; return true;
            case "GNU.sparse.minor": _minor = text; return true;
            case "GNU.sparse.offset" or "GNU.sparse.numbytes":
                _hasMap = true;
                return AddNumber(text);
            case "GNU.sparse.map":
                _hasMap = true;
                return text.Length == 0 || text.Split(',').All(AddNumber);
            default:
                return true;
        }
    }

    /// <summary>The 0.0 or 0.1 map; null when the entry has none.</summary>
    public IReadOnlyList<SparseFragment>? Fragments(string name)
    {
        if (!_hasMap)
        {
            return null;
        }

        if (_numbers.Count % 2 != 0)
        {
            throw new KanikoException(LayerErrorCode.MalformedArchive, $"Layer entry '{name}' has a sparse map with an odd number of values.");
        }

        return [.. _numbers.Chunk(2).Select(pair => new SparseFragment(pair[0], pair[1]))];
    }

    /// <summary>
    /// The numbers of a 1.0 map (a count, then offset and length pairs, one per line) once the text
    /// holds them all; null while more blocks are needed.
    /// </summary>
    public static long[]? CompleteMap(string text, string name)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || !long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 1_000_000)
        {
            return lines.Length < 2 ? null : throw Malformed(name);
        }

        // The last line may be cut at the block's end, so only lines followed by '\n' count.
        var needed = 1 + (2 * count);
        if (lines.Length - 1 < needed)
        {
            return null;
        }

        var numbers = new long[needed];
        numbers[0] = count;
        for (var i = 1; i < needed; i++)
        {
            if (!long.TryParse(lines[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw Malformed(name);
            }
        }

        return numbers;
    }

    private bool AddNumber(string text)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        _numbers.Add(number);
        return true;
    }

    private static KanikoException Malformed(string name) =>
        new(LayerErrorCode.MalformedArchive, $"Layer entry '{name}' has a malformed sparse map.");
}
