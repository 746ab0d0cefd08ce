namespace Kaniko.Engine.Layers;

/// <summary>
/// The entries of one layer in tar order, without their data: what an <c>ImageTree</c> is merged
/// from, read once per layer and cached by diff id. The content of <c>etc/passwd</c> and
/// <c>etc/group</c> is kept (by the entry's own name, so not when <c>etc</c> is a link in a lower
/// layer) since COPY --chown reads them; above <see cref="MaxKeptContent"/> it is not kept, and
/// such an entry has a <see cref="LayerListingEntry.Size"/> but no content.
/// </summary>
internal sealed class LayerListing
{
    public const int MaxKeptContent = 1 << 20;

    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private static readonly HashSet<string> KeptContent = new(StringComparer.Ordinal) { "etc/passwd", "etc/group" };

    public LayerListing(IReadOnlyList<LayerListingEntry> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<LayerListingEntry> Entries { get; }

    /// <summary>Streams <paramref name="blob"/> (gzip, zstd, xz or plain tar) once; only headers and the kept files are held.</summary>
    public static async Task<LayerListing> ReadAsync(Stream blob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var entries = new List<LayerListingEntry>();
        var tar = await LayerDecompression.OpenTarAsync(blob, cancellationToken).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            var reader = new TarArchiveReader(tar);
            while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var components = LayerEntryName.Split(entry.Name, entry.Name);
                if (components.Length == 0)
                {
                    // The root entry ("./"): the extractor leaves the root folder to its caller.
                    continue;
                }

                var type = TypeOf(entry, components[^1]);
                entries.Add(new LayerListingEntry(
                    components, type, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime, entry.LinkName,
                    type == LayerEntryType.File ? entry.Size : 0, entry.DeviceMajor, entry.DeviceMinor)
                {
                    ExtendedAttributes = entry.ExtendedAttributes.Count == 0 ? LayerListingEntry.NoExtendedAttributes : entry.ExtendedAttributes,
                    Content = type == LayerEntryType.File && entry.Size <= MaxKeptContent && KeptContent.Contains(string.Join('/', components))
                        ? await ReadContentAsync(entry, cancellationToken).ConfigureAwait(false)
                        : null,
                });
            }
        }

        return new LayerListing(entries);
    }

    public void WriteTo(Stream stream) => LayerListingFormat.Write(this, stream);

    /// <summary>Reads what <see cref="WriteTo"/> wrote; anything else, damaged or cut short, is a <see cref="LayerErrorCode.ListingDamaged"/> error.</summary>
    public static LayerListing ReadFrom(Stream stream) => LayerListingFormat.Read(stream);

    // The name decides before the type, as the extractor does: any ".wh." entry is a whiteout.
    private static LayerEntryType TypeOf(TarArchiveEntry entry, string name)
    {
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            return name == OpaqueWhiteout ? LayerEntryType.OpaqueDirectory : LayerEntryType.Whiteout;
        }

        return entry.Type switch
        {
            '5' => LayerEntryType.Directory,
            '0' or '\0' or '7' => LayerEntryType.File,
            '2' => LayerEntryType.Symlink,
            '1' => LayerEntryType.Hardlink,
            '3' => LayerEntryType.CharacterDevice,
            '4' => LayerEntryType.BlockDevice,
            '6' => LayerEntryType.Fifo,
            _ => throw new KanikoException(
                LayerErrorCode.UnsupportedEntryType,
                $"Layer entry '{entry.Name}' has tar type '{entry.Type}', which layers do not support."),
        };
    }

    // A sparse file's holes read as zeros, as they do on disk.
    private static async Task<byte[]> ReadContentAsync(TarArchiveEntry entry, CancellationToken cancellationToken)
    {
        var content = new byte[entry.Size];
        foreach (var fragment in entry.SparseMap ?? [new SparseFragment(0, entry.Size)])
        {
            if (fragment.Offset < 0 || fragment.Length < 0 || fragment.Offset + fragment.Length > entry.Size)
            {
                throw new KanikoException(LayerErrorCode.MalformedArchive, $"Layer entry '{entry.Name}' has a sparse fragment outside its size.");
            }

            await entry.Data.ReadExactlyAsync(content.AsMemory((int)fragment.Offset, (int)fragment.Length), cancellationToken).ConfigureAwait(false);
        }

        return content;
    }
}
