using System.Formats.Tar;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Writes entries as a (gzip, zstd or no) compressed tar in one streaming pass, hashing the tar
/// (diff_id) and the compressed bytes (digest) on the way out. The tar is written on one task and
/// compressed on another, through a small bounded pipe, so reading files and compressing them use
/// two cores. Entries are sorted so parents precede children; parents that are not listed are not
/// invented. Headers are ustar, with a PAX header of our own only for long names and xattrs.
/// </summary>
public static class LayerWriter
{
    private const int ChunkSize = 256 * 1024;
    private const int ChunksInFlight = 8;

    public static async Task<WrittenLayer> WriteAsync(
        IEnumerable<LayerEntry> entries,
        Stream output,
        LayerWriteOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        var planned = LayerEntryPlan.Make(entries, options);
        var compressed = new HashingStream(output, leaveOpen: true);
        await using (compressed.ConfigureAwait(false))
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pipe = new ChunkPipe(ChunksInFlight, ChunkSize);
            var compressing = Task.Run(() => CompressAsync(pipe, compressed, options, stop), CancellationToken.None);
            string diffId;
            try
            {
                diffId = await WriteTarAsync(planned, pipe.Writer, options, stop.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception tarError)
            {
                pipe.Writer.Fail(tarError);
                var compressError = await compressing.ContinueWith(task => task.Exception?.InnerException, TaskScheduler.Default)
                    .ConfigureAwait(false);
                if (tarError is OperationCanceledException && !cancellationToken.IsCancellationRequested
                    && compressError is not null and not ChannelClosedException)
                {
                    // The compressing side failed first (the output refused bytes) and stopped us.
                    ExceptionDispatchInfo.Throw(compressError);
                }

                throw;
            }

            await compressing.ConfigureAwait(false);
            await compressed.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new WrittenLayer(compressed.CurrentDigest(), diffId, compressed.BytesWritten)
            {
                MediaType = LayerMediaType.For(options.Compression),
            };
        }
    }

    private static async Task CompressAsync(ChunkPipe pipe, Stream compressed, LayerWriteOptions options, CancellationTokenSource stop)
    {
        try
        {
            var compressor = LayerCompressor.Open(compressed, options);
            if (compressor is null)
            {
                await pipe.DrainToAsync(compressed, stop.Token).ConfigureAwait(false);
                return;
            }

            await using (compressor.ConfigureAwait(false))
            {
                await pipe.DrainToAsync(compressor, stop.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<string> WriteTarAsync(
        List<PlannedTarEntry> planned,
        Stream pipe,
        LayerWriteOptions options,
        CancellationToken cancellationToken)
    {
        var tar = new HashingStream(pipe, leaveOpen: true);
        await using (tar.ConfigureAwait(false))
        {
            var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                foreach (var entry in planned)
                {
                    await WriteEntryAsync(writer, tar, entry, options, cancellationToken).ConfigureAwait(false);
                }
            }

            return tar.CurrentDigest();
        }
    }

    private static async Task WriteEntryAsync(
        TarWriter writer,
        Stream tar,
        PlannedTarEntry planned,
        LayerWriteOptions options,
        CancellationToken cancellationToken)
    {
        var entry = planned.Entry;
        var name = planned.TarName;
        var linkName = planned.Type is LayerEntryType.Symlink or LayerEntryType.Hardlink ? planned.LinkTarget : null;
        var nameFits = UstarNameFit.Name(name);
        var linkFits = UstarNameFit.LinkName(linkName);
        var records = new List<KeyValuePair<string, byte[]>>();
        if (!nameFits)
        {
            records.Add(new("path", Encoding.UTF8.GetBytes(name)));
        }

        if (!linkFits)
        {
            records.Add(new("linkpath", Encoding.UTF8.GetBytes(linkName!)));
        }

        foreach (var (key, value) in (entry.ExtendedAttributes ?? new Dictionary<string, byte[]>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            records.Add(new("SCHILY.xattr." + key, value));
        }

        if (records.Count > 0)
        {
            await PaxExtendedHeader.WriteAsync(tar, name, records, cancellationToken).ConfigureAwait(false);
        }

        var isMarker = planned.Type is LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory;
        var tarEntry = new UstarTarEntry(ToTarType(planned.Type), nameFits ? name : UstarNameFit.Truncate(name))
        {
            Mode = (UnixFileMode)entry.Mode,
            Uid = entry.Uid,
            Gid = entry.Gid,
            ModificationTime = options.Reproducible || isMarker
                ? options.ModificationTime
                : entry.ModificationTime ?? options.ModificationTime,
        };
        if (linkName is not null)
        {
            tarEntry.LinkName = linkFits ? linkName : UstarNameFit.Truncate(linkName);
        }

        if (planned.Type is LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice)
        {
            tarEntry.DeviceMajor = entry.DeviceMajor;
            tarEntry.DeviceMinor = entry.DeviceMinor;
        }

        if (planned.Type != LayerEntryType.File)
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
            BufferSize = 0,
        });
        await using (content.ConfigureAwait(false))
        {
            tarEntry.DataStream = content;
            await writer.WriteEntryAsync(tarEntry, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TarEntryType ToTarType(LayerEntryType type) => type switch
    {
        LayerEntryType.File or LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory => TarEntryType.RegularFile,
        LayerEntryType.Directory => TarEntryType.Directory,
        LayerEntryType.Symlink => TarEntryType.SymbolicLink,
        LayerEntryType.Hardlink => TarEntryType.HardLink,
        LayerEntryType.CharacterDevice => TarEntryType.CharacterDevice,
        LayerEntryType.BlockDevice => TarEntryType.BlockDevice,
        LayerEntryType.Fifo => TarEntryType.Fifo,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown layer entry type."),
    };
}
