namespace Kaniko.Engine.Registries;

/// <summary>
/// A response body whose every read must bring data within a time limit; a large blob may take
/// long in total, but a stalled connection fails with <see cref="TimeoutException"/>.
/// </summary>
internal sealed class InactivityTimeoutStream(Stream inner, TimeSpan timeout) : ReadOnlyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        read.CancelAfter(timeout);
        try
        {
            return await inner.ReadAsync(buffer, read.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The registry sent nothing for {timeout.TotalSeconds:0} s.");
        }
    }

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
