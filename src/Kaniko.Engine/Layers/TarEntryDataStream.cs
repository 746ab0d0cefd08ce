namespace Kaniko.Engine.Layers;

/// <summary>
/// The archived bytes of one entry: reads no further than the entry, and calls an archive that ends
/// early what it is, naming the entry.
/// </summary>
internal sealed class TarEntryDataStream(Stream archive, long length, string entryName) : ReadOnlyStream
{
    private readonly long _length = length;

    public long Remaining { get; private set; } = length;

    public override long Length => _length;

    public override long Position => _length - Remaining;

    public override int Read(Span<byte> buffer)
    {
        if (Remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = archive.Read(buffer[..(int)Math.Min(buffer.Length, Remaining)]);
        return Consumed(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Remaining == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = await archive.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Remaining)], cancellationToken).ConfigureAwait(false);
        return Consumed(read);
    }

    /// <summary>Reads and drops what the caller left unread.</summary>
    public async Task SkipAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(Remaining, 81920)];
        while (Remaining > 0)
        {
            await ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private int Consumed(int read)
    {
        if (read == 0)
        {
            throw new KanikoException(
                LayerErrorCode.MalformedArchive,
                $"Layer entry '{entryName}' is truncated: the archive ends {Remaining} bytes before the entry's data does.");
        }

        Remaining -= read;
        return read;
    }
}
