using System.Net;

namespace Kaniko.Engine.Registries;

/// <summary>Request content read from a caller's stream of known length, which the caller keeps (StreamContent would dispose it).</summary>
internal sealed class BorrowedStreamContent(Stream content, long length) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => content.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => content.CopyToAsync(stream, cancellationToken);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
