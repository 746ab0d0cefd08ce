namespace Kaniko.Engine.Registries;

/// <summary>The next <c>length</c> bytes of a caller's stream, read from where it stands; the stream is not disposed.</summary>
internal sealed class ChunkOfStream(Stream inner, long length) : ReadOnlyStream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override long Length => _length;

    public override long Position => _length - _remaining;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        Consumed(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
        {
            return 0;
        }

        int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        Consumed(read);
        return read;
    }

    private void Consumed(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException($"The blob's stream ended {_remaining} bytes before the size it was given.");
        }

        _remaining -= read;
    }
}
