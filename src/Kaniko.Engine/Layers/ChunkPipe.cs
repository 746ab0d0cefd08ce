using System.Buffers;
using System.Threading.Channels;

namespace Kaniko.Engine.Layers;

/// <summary>
/// A bounded pipe of byte chunks between two tasks: the tar is written into <see cref="Writer"/> on
/// one core while <see cref="DrainToAsync"/> compresses on another. At most
/// <c>capacity</c> chunks wait, so memory stays small whatever the layer's size.
/// </summary>
internal sealed class ChunkPipe
{
    private readonly Channel<(byte[] Buffer, int Count)> _chunks;

    public ChunkPipe(int capacity, int chunkSize)
    {
        _chunks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Writer = new ChunkPipeWriter(_chunks.Writer, chunkSize);
    }

    public ChunkPipeWriter Writer { get; }

    public async Task DrainToAsync(Stream destination, CancellationToken cancellationToken)
    {
        await foreach (var (buffer, count) in _chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await destination.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
