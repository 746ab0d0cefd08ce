using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Writes entries as a (gzip, zstd or no) compressed tar in one streaming pass, hashing the tar
/// (diff_id) and the compressed bytes (digest) on the way out. The tar is written on one task and
/// compressed on another, through a small bounded pipe, so reading files and compressing them use
/// two cores. Entries are sorted so parents precede children; parents that are not listed are not
/// invented. Headers are ustar, with a PAX header only where ustar falls short: long names, large
/// owners or sizes, and xattrs.
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
            var buffer = new byte[128 * 1024];
            using var sources = new LayerSourceFolder();
            foreach (var entry in planned)
            {
                await WriteEntryAsync(tar, entry, options, sources, buffer, cancellationToken).ConfigureAwait(false);
            }

            await tar.WriteAsync(new byte[2 * UstarHeader.BlockSize], cancellationToken).ConfigureAwait(false);
            return tar.CurrentDigest();
        }
    }

    private static async Task WriteEntryAsync(
        Stream tar,
        PlannedTarEntry planned,
        LayerWriteOptions options,
        LayerSourceFolder sources,
        byte[] buffer,
        CancellationToken cancellationToken)
    {
        if (planned.Type != LayerEntryType.File)
        {
            await WriteHeaderAsync(tar, planned, options, 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        var content = sources.OpenRead(planned.Entry.SourcePath!, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.SequentialScan,
            BufferSize = 0,
        });
        await using (content.ConfigureAwait(false))
        {
            var size = content.Length;
            await WriteHeaderAsync(tar, planned, options, size, cancellationToken).ConfigureAwait(false);
            await CopyContentAsync(content, tar, size, planned.Entry.SourcePath!, buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteHeaderAsync(Stream tar, PlannedTarEntry planned, LayerWriteOptions options, long size, CancellationToken cancellationToken)
    {
        var entry = planned.Entry;
        var name = planned.TarName;
        var linkName = planned.Type is LayerEntryType.Symlink or LayerEntryType.Hardlink ? planned.LinkTarget : null;
        var records = PaxRecordsFor(entry, name, linkName, size);
        if (records.Count > 0)
        {
            await PaxExtendedHeader.WriteAsync(tar, name, records, cancellationToken).ConfigureAwait(false);
        }

        var isMarker = planned.Type is LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory;
        var time = options.Reproducible || isMarker
            ? options.ModificationTime
            : entry.ModificationTime ?? options.ModificationTime;
        var isDevice = planned.Type is LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice;
        var header = UstarHeader.Create(
            name,
            TypeFlag(planned.Type),
            isMarker ? 0 : entry.Mode,
            entry.Uid,
            entry.Gid,
            size,
            time.ToUnixTimeSeconds(),
            linkName,
            isDevice ? entry.DeviceMajor : 0,
            isDevice ? entry.DeviceMinor : 0);
        await tar.WriteAsync(header, cancellationToken).ConfigureAwait(false);
    }

    private static List<KeyValuePair<string, byte[]>> PaxRecordsFor(LayerEntry entry, string name, string? linkName, long size)
    {
        var records = new List<KeyValuePair<string, byte[]>>();
        if (UstarName.Split(name) is null)
        {
            records.Add(new("path", Encoding.UTF8.GetBytes(name)));
        }

        if (!UstarName.LinkFits(linkName))
        {
            records.Add(new("linkpath", Encoding.UTF8.GetBytes(linkName!)));
        }

        if (!UstarHeader.Fits(entry.Uid, UstarHeader.MaxOwner))
        {
            records.Add(new("uid", Encoding.ASCII.GetBytes(entry.Uid.ToString(CultureInfo.InvariantCulture))));
        }

        if (!UstarHeader.Fits(entry.Gid, UstarHeader.MaxOwner))
        {
            records.Add(new("gid", Encoding.ASCII.GetBytes(entry.Gid.ToString(CultureInfo.InvariantCulture))));
        }

        if (!UstarHeader.Fits(size, UstarHeader.MaxSize))
        {
            records.Add(new("size", Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture))));
        }

        foreach (var (key, value) in (entry.ExtendedAttributes ?? new Dictionary<string, byte[]>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            records.Add(new("SCHILY.xattr." + key, value));
        }

        return records;
    }

    // The header already promised the size taken when the file was opened, so a file that grows or
    // shrinks while it is written is an error rather than a corrupt layer.
    private static async Task CopyContentAsync(FileStream content, Stream tar, long size, string path, byte[] buffer, CancellationToken cancellationToken)
    {
        var remaining = size;
        while (remaining > 0)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"'{path}' shrank while it was written into the layer.");
            }

            await tar.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        var padding = (int)((UstarHeader.BlockSize - (size % UstarHeader.BlockSize)) % UstarHeader.BlockSize);
        if (padding > 0)
        {
            await tar.WriteAsync(new byte[padding], cancellationToken).ConfigureAwait(false);
        }
    }

    private static char TypeFlag(LayerEntryType type) => type switch
    {
        LayerEntryType.File or LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory => '0',
        LayerEntryType.Hardlink => '1',
        LayerEntryType.Symlink => '2',
        LayerEntryType.CharacterDevice => '3',
        LayerEntryType.BlockDevice => '4',
        LayerEntryType.Directory => '5',
        LayerEntryType.Fifo => '6',
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown layer entry type."),
    };
}
