using Kaniko.Engine.Images;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// A layer's blob as a seekable stream that fetches and opens the blob only when first read, so a
/// push the registry answers without the content (it has the blob, or mounts it from the base's
/// repository) never downloads a base layer.
/// </summary>
internal sealed class OnDemandBlobStream(LocalLayer layer) : ReadOnlyStream
{
    private FileStream? _file;
    private long _position;

    public override bool CanSeek => true;

    public override long Length => layer.Descriptor.Size;

    public override long Position
    {
        get => _file?.Position ?? _position;
        set
        {
            if (_file is null)
            {
                _position = value;
            }
            else
            {
                _file.Position = value;
            }
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var file = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override int Read(Span<byte> buffer)
        => OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult().Read(buffer);

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };
        return Position;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<FileStream> OpenAsync(CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            await layer.EnsureLocalAsync(cancellationToken).ConfigureAwait(false);
            _file = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true) { Position = _position };
        }

        return _file;
    }
}
