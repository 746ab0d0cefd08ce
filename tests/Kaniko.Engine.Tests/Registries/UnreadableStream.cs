namespace Kaniko.Engine.Tests.Registries;

/// <summary>Content that must not be read: proves an upload was skipped.</summary>
internal sealed class UnreadableStream : MemoryStream
{
    public override int Read(byte[] buffer, int offset, int count) => throw new AssertFailedException("The content was read.");

    public override int Read(Span<byte> buffer) => throw new AssertFailedException("The content was read.");

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => throw new AssertFailedException("The content was read.");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => throw new AssertFailedException("The content was read.");
}
