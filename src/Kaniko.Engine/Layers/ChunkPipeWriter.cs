using System.Buffers;
using System.Threading.Channels;

namespace Kaniko.Engine.Layers;

/// <summary>The writing end of a <see cref="ChunkPipe"/>: gathers writes into pooled chunks.</summary>
internal sealed class ChunkPipeWriter(ChannelWriter<(byte[] Buffer, int Count)> chunks, int chunkSize) : WriteOnlyStream
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
    private int _count;
    private long _written;

    public override long Position => _written;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _written += buffer.Length;
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Gather(buffer)..];
            if (_count == chunkSize)
            {
                SendAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written += buffer.Length;
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Gather(buffer.Span)..];
            if (_count == chunkSize)
            {
                await SendAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends what is gathered and tells the reader there is no more.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            await SendAsync(cancellationToken).ConfigureAwait(false);
        }

        chunks.Complete();
    }

    public void Fail(Exception error) => chunks.TryComplete(error);

    /// <summary>Copies what fits of <paramref name="buffer"/> into the current chunk; returns how much.</summary>
    private int Gather(ReadOnlySpan<byte> buffer)
    {
        var take = Math.Min(buffer.Length, chunkSize - _count);
        buffer[..take].CopyTo(_buffer.AsSpan(_count));
        _count += take;
        return take;
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        await chunks.WriteAsync((_buffer, _count), cancellationToken).ConfigureAwait(false);
        _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        _count = 0;
    }
}
