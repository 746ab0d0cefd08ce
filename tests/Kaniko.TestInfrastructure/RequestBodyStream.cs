namespace Kaniko.TestInfrastructure;

/// <summary>A request body of known length: the bytes already read past the headers, then the rest from the connection.</summary>
internal sealed class RequestBodyStream(byte[] alreadyRead, Stream connection, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var left = length - _position;
        if (left <= 0)
        {
            return 0;
        }

        int read;
        if (_position < alreadyRead.Length)
        {
            read = (int)Math.Min(Math.Min(buffer.Length, alreadyRead.Length - _position), left);
            alreadyRead.AsMemory((int)_position, read).CopyTo(buffer);
        }
        else
        {
            read = await connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, left)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The client closed the connection in the middle of the body.");
            }
        }

        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
