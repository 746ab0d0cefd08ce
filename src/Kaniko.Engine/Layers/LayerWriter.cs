using System.Formats.Tar;
using System.IO.Compression;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Writes entries as a gzip-compressed tar in one streaming pass, hashing the tar (diff_id) and the
/// gzip bytes (digest) on the way out. Entries are sorted so parents precede children; parents that
/// are not listed are not invented.
/// </summary>
public static class LayerWriter
{
    public static async Task<WrittenLayer> WriteAsync(
        IEnumerable<LayerEntry> entries,
        Stream output,
        LayerWriteOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        var sorted = entries.ToList();
        foreach (var entry in sorted)
        {
            Validate(entry);
        }

        sorted.Sort((x, y) => LayerPathComparer.Instance.Compare(x.Path, y.Path));
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Path == sorted[i - 1].Path)
            {
                throw new ArgumentException($"The layer lists '{sorted[i].Path}' twice.", nameof(entries));
            }
        }

        var compressed = new HashingStream(output, leaveOpen: true);
        await using (compressed.ConfigureAwait(false))
        {
            string diffId;
            var gzip = new GZipStream(compressed, options.CompressionLevel, leaveOpen: true);
            await using (gzip.ConfigureAwait(false))
            {
                var tar = new HashingStream(gzip, leaveOpen: true);
                await using (tar.ConfigureAwait(false))
                {
                    var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true);
                    await using (writer.ConfigureAwait(false))
                    {
                        foreach (var entry in sorted)
                        {
                            await WriteEntryAsync(writer, tar, entry, options, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    diffId = tar.CurrentDigest();
                }
            }

            await compressed.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new WrittenLayer(compressed.CurrentDigest(), diffId, compressed.BytesWritten);
        }
    }

    private static async Task WriteEntryAsync(
        TarWriter writer,
        Stream tar,
        LayerEntry entry,
        LayerWriteOptions options,
        CancellationToken cancellationToken)
    {
        var name = entry.Type == LayerEntryType.Directory ? entry.Path + "/" : entry.Path;
        var linkName = entry.Type is LayerEntryType.Symlink or LayerEntryType.Hardlink ? entry.LinkTarget : null;
        var nameFits = UstarNameFit.Name(name);
        var linkFits = UstarNameFit.LinkName(linkName);
        if (!nameFits || !linkFits)
        {
            await PaxLongNameHeader.WriteAsync(tar, nameFits ? null : name, linkFits ? null : linkName, cancellationToken)
                .ConfigureAwait(false);
        }

        var tarEntry = new UstarTarEntry(ToTarType(entry.Type), nameFits ? name : UstarNameFit.Truncate(name))
        {
            Mode = (UnixFileMode)entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = options.Reproducible
                ? options.ModificationTime
                : entry.ModificationTime ?? options.ModificationTime,
        };
        if (linkName is not null)
        {
            tarEntry.LinkName = linkFits ? linkName : UstarNameFit.Truncate(linkName);
        }

        if (entry.Type != LayerEntryType.File)
        {
            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
            return;
        }

        var content = new FileStream(entry.SourcePath!, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan,
        });
        await using (content.ConfigureAwait(false))
        {
            tarEntry.DataStream = content;
            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TarEntryType ToTarType(LayerEntryType type) => type switch
    {
        LayerEntryType.File => TarEntryType.RegularFile,
        LayerEntryType.Directory => TarEntryType.Directory,
        LayerEntryType.Symlink => TarEntryType.SymbolicLink,
        LayerEntryType.Hardlink => TarEntryType.HardLink,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown layer entry type."),
    };

    private static void Validate(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = entry.Path;
        if (string.IsNullOrEmpty(path) || path[0] == '/' || path[^1] == '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Layer entry path '{path}' must be relative, without a leading or trailing '/'.", nameof(entry));
        }

        foreach (var component in path.Split('/'))
        {
            if (component is "" or "." or "..")
            {
                throw new ArgumentException($"Layer entry path '{path}' has an empty, '.' or '..' component.", nameof(entry));
            }
        }

        if (entry.Mode is < 0 or > 0xFFF)
        {
            throw new ArgumentException($"Layer entry '{path}' has mode {Convert.ToString(entry.Mode, 8)}, beyond 7777.", nameof(entry));
        }

        switch (entry.Type)
        {
            case LayerEntryType.File when entry.SourcePath is null:
                throw new ArgumentException($"Layer entry '{path}' is a file without a SourcePath.", nameof(entry));
            case LayerEntryType.Symlink or LayerEntryType.Hardlink when string.IsNullOrEmpty(entry.LinkTarget):
                throw new ArgumentException($"Layer entry '{path}' is a link without a LinkTarget.", nameof(entry));
        }
    }
}
