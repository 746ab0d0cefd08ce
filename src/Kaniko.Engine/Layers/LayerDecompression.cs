using System.IO.Compression;
using ZstdSharp;

namespace Kaniko.Engine.Layers;

/// <summary>Opens a layer as a tar stream by its magic bytes: gzip, zstd, or else plain tar.</summary>
internal static class LayerDecompression
{
    public static async Task<Stream> OpenTarAsync(Stream layer, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        var read = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        Stream replayed = new PrefixedStream(magic.AsMemory(0, read), layer);
        if (read >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return new GZipStream(replayed, CompressionMode.Decompress);
        }

        return read == 4 && magic.AsSpan().SequenceEqual(new byte[] { 0x28, 0xB5, 0x2F, 0xFD })
            ? new DecompressionStream(replayed, leaveOpen: false)
            : replayed;
    }
}
