using System.IO.Compression;
using ZstdSharp;

namespace Kaniko.Engine.Layers;

/// <summary>The compressing stream for <see cref="LayerWriteOptions.Compression"/>.</summary>
internal static class LayerCompressor
{
    public const int DefaultGzipLevel = 1;
    public const int DefaultZstdLevel = 3;

    /// <summary>Null for <see cref="LayerCompression.None"/>: the tar goes out as it is.</summary>
    public static Stream? Open(Stream output, LayerWriteOptions options)
    {
        switch (options.Compression)
        {
            case LayerCompression.Gzip:
                var gzipLevel = options.CompressionLevel ?? DefaultGzipLevel;
                ArgumentOutOfRangeException.ThrowIfGreaterThan(gzipLevel, 9, nameof(options));
                ArgumentOutOfRangeException.ThrowIfNegative(gzipLevel, nameof(options));
                return new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = gzipLevel }, leaveOpen: true);
            case LayerCompression.Zstd:
                var zstdLevel = options.CompressionLevel ?? DefaultZstdLevel;
                ArgumentOutOfRangeException.ThrowIfGreaterThan(zstdLevel, 22, nameof(options));
                ArgumentOutOfRangeException.ThrowIfLessThan(zstdLevel, 1, nameof(options));
                return new CompressionStream(output, zstdLevel, leaveOpen: true);
            case LayerCompression.None:
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Compression, "Unknown layer compression.");
        }
    }
}
