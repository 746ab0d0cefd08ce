namespace Kaniko.Engine.Tests.Registries;

/// <summary>A response body that sends its first bytes and then nothing, like a stalled connection.</summary>
internal sealed class StallingStream(byte[] first) : MemoryStream(first)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await base.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            return read;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
