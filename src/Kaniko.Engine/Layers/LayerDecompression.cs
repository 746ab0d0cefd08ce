using System.IO.Compression;

namespace Kaniko.Engine.Layers;

/// <summary>Opens a layer as a tar stream: gzip when it starts with the gzip magic bytes, else plain tar.</summary>
internal static class LayerDecompression
{
    public static async Task<Stream> OpenTarAsync(Stream layer, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var read = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        Stream replayed = new PrefixedStream(magic.AsMemory(0, read), layer);
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B
            ? new GZipStream(replayed, CompressionMode.Decompress)
            : replayed;
    }
}
