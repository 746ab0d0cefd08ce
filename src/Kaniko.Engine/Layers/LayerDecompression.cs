namespace Kaniko.Engine.Layers;

/// <summary>Opens a layer as a tar stream by its magic bytes, compressed or plain.</summary>
internal static class LayerDecompression
{
    public static async Task<Stream> OpenTarAsync(Stream layer, CancellationToken cancellationToken)
    {
        var magic = new byte[ArchiveCompressions.MagicLength];
        var read = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        Stream replayed = new PrefixedStream(magic.AsMemory(0, read), layer);
        return ArchiveCompressions.Decompress(replayed, ArchiveCompressions.Detect(magic.AsSpan(0, read)));
    }
}
