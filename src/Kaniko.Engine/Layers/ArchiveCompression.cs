using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;
using ZstdSharp;

namespace Kaniko.Engine.Layers;

/// <summary>
/// How a tar stream is compressed, told by its magic bytes and never by a file name: the one place
/// that recognises gzip, bzip2, xz and zstd, for layers and for ADD's archives alike.
/// </summary>
internal enum ArchiveCompression
{
    None,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

internal static class ArchiveCompressions
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int MagicLength = 6;

    public static ArchiveCompression Detect(ReadOnlySpan<byte> magic) => magic switch
    {
        [0x1F, 0x8B, ..] => ArchiveCompression.Gzip,
        [(byte)'B', (byte)'Z', (byte)'h', ..] => ArchiveCompression.Bzip2,
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => ArchiveCompression.Xz,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => ArchiveCompression.Zstd,
        _ => ArchiveCompression.None,
    };

    /// <summary>The decompressed view of <paramref name="compressed"/> (the stream itself when not compressed); owns it.</summary>
    public static Stream Decompress(Stream compressed, ArchiveCompression compression) => compression switch
    {
        ArchiveCompression.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
        ArchiveCompression.Bzip2 => new BZip2InputStream(compressed),
        ArchiveCompression.Xz => new XzDecompressionStream(compressed),
        ArchiveCompression.Zstd => new DecompressionStream(compressed, leaveOpen: false),
        _ => compressed,
    };
}
