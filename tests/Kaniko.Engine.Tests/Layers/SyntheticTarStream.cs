
namespace Kaniko.Engine.Tests.Layers;

/// <summary>A tar of one big file of zeros, made as it is read, so the test holds none of it.</summary>
internal sealed class SyntheticTarStream : Stream
{
    private readonly byte[] _header;
    private readonly long _length;

    public SyntheticTarStream(string name, long size)
    {
        var tar = new RawTar().Entry('0', name, sizeField: Convert.ToString(size, 8).PadLeft(11, '0') + "\0").Layers().Single().ToArray();
        _header = tar[..RawTar.BlockSize];
        _length = RawTar.BlockSize + size + (RawTar.BlockSize - (size % RawTar.BlockSize)) % RawTar.BlockSize + (2 * RawTar.BlockSize);
    }

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _length - BytesRead);
        var destination = buffer[..count];
        destination.Clear();
        if (BytesRead < _header.Length)
        {
            var fromHeader = (int)Math.Min(count, _header.Length - BytesRead);
            _header.AsSpan((int)BytesRead, fromHeader).CopyTo(destination);
        }

        BytesRead += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
