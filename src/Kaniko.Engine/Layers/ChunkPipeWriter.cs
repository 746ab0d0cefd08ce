using System.Buffers;
using System.Threading.Channels;

namespace Kaniko.Engine.Layers;

/// <summary>The writing end of a <see cref="ChunkPipe"/>: gathers writes into pooled chunks.</summary>
internal sealed class ChunkPipeWriter(ChannelWriter<(byte[] Buffer, int Count)> chunks, int chunkSize) : Stream
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
    private int _count;
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written += buffer.Length;
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, chunkSize - _count);
            buffer.Span[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            buffer = buffer[take..];
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

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        await chunks.WriteAsync((_buffer, _count), cancellationToken).ConfigureAwait(false);
        _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        _count = 0;
    }
}
