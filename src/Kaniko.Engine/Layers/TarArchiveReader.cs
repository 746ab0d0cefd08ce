using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Reads a tar stream entry by entry: v7, ustar, GNU (long names, base-256 numbers, old sparse
/// files) and PAX (path, linkpath, size, mtime with fractions, uid, gid, xattrs, GNU sparse 0.0,
/// 0.1 and 1.0). Our own rather than System.Formats.Tar, which neither checks header checksums nor
/// reads sparse files; Go's archive/tar is the model for what is accepted and what refused. Every
/// refusal is a <see cref="KanikoException"/> naming the entry. The caller owns the archive stream;
/// an entry's <see cref="TarArchiveEntry.Data"/> is only a window on it and holds nothing to dispose.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The data windows own no resources.")]
internal sealed class TarArchiveReader(Stream archive)
{
    private const int BlockSize = 512;

    // Go's limit for PAX and GNU long-name headers: an honest one is far smaller.
    private const int MaxExtensionSize = 1 << 20;

    private readonly byte[] _header = new byte[BlockSize];
    private TarEntryDataStream? _current;
    private long _padding;
    private string? _previous;
    private bool _ended;

    public async ValueTask<TarArchiveEntry?> NextAsync(CancellationToken cancellationToken)
    {
        await SkipCurrentAsync(cancellationToken).ConfigureAwait(false);
        if (_ended)
        {
            return null;
        }

        var pax = new List<KeyValuePair<string, byte[]>>();
        string? longName = null;
        string? longLink = null;
        while (true)
        {
            if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (pax.Count > 0 || longName is not null || longLink is not null)
                {
                    throw Malformed(_previous, "ends right after an extended header");
                }

                _ended = true;
                return null;
            }

            var headerName = CString(_header.AsSpan(0, 100));
            var type = (char)_header[156];
            var size = Number(124, 12, "size", headerName);
            switch (type)
            {
                case 'x' or 'g' or 'L' or 'K':
                    if (size > MaxExtensionSize)
                    {
                        throw Malformed(headerName, $"has an extended header of {size} bytes");
                    }

                    var data = new byte[size];
                    await ReadDataAsync(data, headerName, cancellationToken).ConfigureAwait(false);
                    await ReadDataAsync(new byte[(BlockSize - (size % BlockSize)) % BlockSize], headerName, cancellationToken).ConfigureAwait(false);
                    if (type == 'x')
                    {
                        pax.AddRange(PaxRecords.Parse(data) ?? throw Malformed(headerName, "has a malformed PAX record"));
                    }
                    else if (type == 'L')
                    {
                        longName = CString(data);
                    }
                    else if (type == 'K')
                    {
                        longLink = CString(data);
                    }

                    continue;
                default:
                    return await EntryAsync(pax, longName, longLink, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<TarArchiveEntry> EntryAsync(
        List<KeyValuePair<string, byte[]>> pax,
        string? longName,
        string? longLink,
        CancellationToken cancellationToken)
    {
        var fields = ReadUstarFields(longName, longLink);
        ApplyPaxRecords(fields, pax);
        if (fields.Uid > int.MaxValue || fields.Gid > int.MaxValue)
        {
            throw Malformed(fields.Name, "has an owner id beyond 2^31");
        }

        var (map, archived, logicalSize) = await ResolveSparseMapAsync(fields, cancellationToken).ConfigureAwait(false);
        _previous = fields.Name;
        _current = new TarEntryDataStream(archive, archived, fields.Name);
        _padding = (BlockSize - (archived % BlockSize)) % BlockSize;
        return new TarArchiveEntry(
            fields.Name,
            fields.Type,
            fields.LinkName,
            fields.Mode,
            (int)fields.Uid,
            (int)fields.Gid,
            logicalSize,
            fields.ModificationTime,
            (int)fields.DeviceMajor,
            (int)fields.DeviceMinor,
            fields.ExtendedAttributes,
            map)
        {
            Data = _current,
        };
    }

    /// <summary>The entry's fields as the ustar (or v7, or GNU) header block holds them, long names folded in.</summary>
    private HeaderFields ReadUstarFields(string? longName, string? longLink)
    {
        var magic = _header.AsSpan(257, 8);
        var isUstar = magic.SequenceEqual("ustar\u000000"u8);
        var isGnu = magic.SequenceEqual("ustar  \0"u8);
        var name = CString(_header.AsSpan(0, 100));
        if (isUstar && _header[345] != 0)
        {
            name = CString(_header.AsSpan(345, 155)) + "/" + name;
        }

        var linkName = longLink ?? CString(_header.AsSpan(157, 100));
        name = longName ?? name;
        var hasDevice = isUstar || isGnu;
        return new HeaderFields
        {
            Name = name,
            Type = (char)_header[156],
            LinkName = linkName,
            Mode = (int)(Number(100, 8, "mode", name) & 0xFFF),
            Uid = Number(108, 8, "uid", name),
            Gid = Number(116, 8, "gid", name),
            Size = Number(124, 12, "size", name),
            ModificationTime = DateTimeOffset.FromUnixTimeSeconds(Math.Min(Number(136, 12, "mtime", name), 253_402_300_799)),
            DeviceMajor = hasDevice ? Number(329, 8, "devmajor", name) : 0,
            DeviceMinor = hasDevice ? Number(337, 8, "devminor", name) : 0,
        };
    }

    /// <summary>Lets the PAX records override the header's fields, in the order they came.</summary>
    private static void ApplyPaxRecords(HeaderFields fields, List<KeyValuePair<string, byte[]>> pax)
    {
        foreach (var (key, value) in pax)
        {
            switch (key)
            {
                case "path": fields.Name = PaxRecords.Text(value); break;
                case "linkpath": fields.LinkName = PaxRecords.Text(value); break;
                case "size": fields.Size = PaxRecords.Number(value) ?? throw Malformed(fields.Name, "has a malformed PAX size"); break;
                case "uid": fields.Uid = PaxRecords.Number(value) ?? throw Malformed(fields.Name, "has a malformed PAX uid"); break;
                case "gid": fields.Gid = PaxRecords.Number(value) ?? throw Malformed(fields.Name, "has a malformed PAX gid"); break;
                case "mtime": fields.ModificationTime = PaxRecords.Time(value) ?? throw Malformed(fields.Name, "has a malformed PAX mtime"); break;
                case "GNU.sparse.name": fields.SparseName = PaxRecords.Text(value); break;
                case "GNU.sparse.size" or "GNU.sparse.realsize":
                    fields.SparseSize = PaxRecords.Number(value) ?? throw Malformed(fields.Name, "has a malformed sparse size");
                    break;
                default:
                    if (key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal))
                    {
                        fields.ExtendedAttributes[key["SCHILY.xattr.".Length..]] = value;
                    }
                    else if (!fields.Sparse.Add(key, value))
                    {
                        throw Malformed(fields.Name, $"has a malformed PAX record '{key}'");
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The entry's sparse map (old GNU header, PAX 1.0 map in the data, or PAX 0.0/0.1 records; null
    /// when it is not sparse), how many archived bytes remain after the map, and the size of the file
    /// it stands for. A GNU sparse entry becomes a regular file and takes its GNU.sparse.name.
    /// </summary>
    private async ValueTask<(IReadOnlyList<SparseFragment>? Map, long Archived, long Size)> ResolveSparseMapAsync(
        HeaderFields fields, CancellationToken cancellationToken)
    {
        // Go's reader: these types carry no data, whatever their size field says.
        var archived = fields.Type is '1' or '2' or '3' or '4' or '5' or '6' ? 0 : fields.Size;
        IReadOnlyList<SparseFragment>? map = null;
        var logicalSize = archived;
        if (fields.Type == 'S')
        {
            (map, logicalSize) = await GnuSparseHeaderAsync(fields.Name, cancellationToken).ConfigureAwait(false);
            fields.Type = '0';
        }
        else if (fields.Sparse.IsVersion1)
        {
            var consumed = 0L;
            (map, consumed) = await SparseMapFromDataAsync(fields.Name, archived, cancellationToken).ConfigureAwait(false);
            archived -= consumed;
        }
        else if (fields.Sparse.Fragments(fields.Name) is { } fragments)
        {
            map = fragments;
        }

        if (map is not null)
        {
            fields.Name = fields.SparseName ?? fields.Name;
            logicalSize = fields.SparseSize ?? logicalSize;
            Validate(map, archived, logicalSize, fields.Name);
        }

        return (map, archived, logicalSize);
    }

    private async ValueTask<(IReadOnlyList<SparseFragment> Map, long Size)> GnuSparseHeaderAsync(string name, CancellationToken cancellationToken)
    {
        var map = new List<SparseFragment>();
        AddFragments(map, _header.AsSpan(386, 96), name);
        var realSize = Number(483, 12, "realsize", name);
        var extended = _header[482] != 0;
        var block = new byte[BlockSize];
        while (extended)
        {
            await ReadDataAsync(block, name, cancellationToken).ConfigureAwait(false);
            AddFragments(map, block.AsSpan(0, 504), name);
            extended = block[504] != 0;
        }

        return (map, realSize);
    }

    private static void AddFragments(List<SparseFragment> map, ReadOnlySpan<byte> entries, string name)
    {
        for (var offset = 0; offset + 24 <= entries.Length; offset += 24)
        {
            if (entries[offset] == 0 && entries[offset + 12] == 0)
            {
                continue;
            }

            var start = TarNumber.Parse(entries.Slice(offset, 12)) ?? throw Malformed(name, "has a malformed sparse map");
            var length = TarNumber.Parse(entries.Slice(offset + 12, 12)) ?? throw Malformed(name, "has a malformed sparse map");
            map.Add(new SparseFragment(start, length));
        }
    }

    // GNU sparse 1.0 writes the map as decimal lines at the start of the data, padded to a block.
    private async ValueTask<(IReadOnlyList<SparseFragment> Map, long Consumed)> SparseMapFromDataAsync(
        string name, long archived, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var block = new byte[BlockSize];
        long consumed = 0;
        long[]? numbers = null;
        while (numbers is null)
        {
            if (consumed + BlockSize > archived || consumed > MaxExtensionSize)
            {
                throw Malformed(name, "has a sparse map larger than its data");
            }

            await ReadDataAsync(block, name, cancellationToken).ConfigureAwait(false);
            consumed += BlockSize;
            text.Append(Encoding.ASCII.GetString(block));
            numbers = SparseRecords.CompleteMap(text.ToString(), name);
        }

        var map = new List<SparseFragment>();
        for (var i = 1; i + 1 < numbers.Length; i += 2)
        {
            map.Add(new SparseFragment(numbers[i], numbers[i + 1]));
        }

        return (map, consumed);
    }

    private static void Validate(IReadOnlyList<SparseFragment> map, long archived, long size, string name)
    {
        long end = 0;
        long total = 0;
        foreach (var fragment in map)
        {
            if (fragment.Offset < end || fragment.Length < 0 || fragment.Offset > size - fragment.Length)
            {
                throw Malformed(name, "has a sparse map with overlapping, unordered or out-of-range fragments");
            }

            end = fragment.Offset + fragment.Length;
            total += fragment.Length;
        }

        if (total != archived)
        {
            throw Malformed(name, $"has a sparse map of {total} bytes but {archived} archived bytes");
        }
    }

    private async ValueTask SkipCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            await _current.SkipAsync(cancellationToken).ConfigureAwait(false);
            var padding = new byte[_padding];
            await ReadDataAsync(padding, _previous ?? string.Empty, cancellationToken).ConfigureAwait(false);
            _current = null;
        }
    }

    /// <summary>False at the end of the archive (two zero blocks, one followed by the end, or the end itself).</summary>
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (!await ReadBlockAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            if (!await ReadBlockAsync(cancellationToken).ConfigureAwait(false) || _header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                return false;
            }

            throw Malformed(CString(_header.AsSpan(0, 100)), "follows a single zero block, which only the end of an archive may hold");
        }

        var expected = TarNumber.Parse(_header.AsSpan(148, 8));
        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : _header[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        if (expected != unsigned && expected != signed)
        {
            var after = _previous is null ? "the first header" : $"the header after '{_previous}'";
            throw Malformed(CString(_header.AsSpan(0, 100)), $"has a bad header checksum ({after})");
        }

        return true;
    }

    private async ValueTask<bool> ReadBlockAsync(CancellationToken cancellationToken)
    {
        var read = await archive.ReadAtLeastAsync(_header, BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read is > 0 and < BlockSize)
        {
            throw Malformed(_previous, "is followed by a truncated header");
        }

        return read == BlockSize;
    }

    private async ValueTask ReadDataAsync(byte[] buffer, string name, CancellationToken cancellationToken)
    {
        var read = await archive.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < buffer.Length)
        {
            throw Malformed(name, "is truncated");
        }
    }

    private long Number(int offset, int length, string field, string name)
    {
        var value = TarNumber.Parse(_header.AsSpan(offset, length));
        return value ?? throw Malformed(name, $"has a malformed or negative {field} field");
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static KanikoException Malformed(string? name, string problem) =>
        new(LayerErrorCode.MalformedArchive, name is null
            ? $"The layer's first tar entry {problem}."
            : $"Layer entry '{LayerEntryName.Shorten(LayerEntryName.Printable(name))}' {problem}.");

    /// <summary>One entry's fields while its header and extended records are folded together.</summary>
    private sealed class HeaderFields
    {
        public required string Name { get; set; }

        public required char Type { get; set; }

        public required string LinkName { get; set; }

        public required int Mode { get; init; }

        public required long Uid { get; set; }

        public required long Gid { get; set; }

        public required long Size { get; set; }

        public required DateTimeOffset ModificationTime { get; set; }

        public required long DeviceMajor { get; init; }

        public required long DeviceMinor { get; init; }

        public Dictionary<string, byte[]> ExtendedAttributes { get; } = new(StringComparer.Ordinal);

        public string? SparseName { get; set; }

        public long? SparseSize { get; set; }

        public SparseRecords Sparse { get; } = new();
    }
}
