using Kaniko.Engine.Layers;
using ZstdSharp;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Recognises what ADD extracts by its magic bytes, not its name: a tar, plain or compressed with
/// gzip, bzip2, xz or zstd. Anything else is copied as it is.
/// </summary>
internal static class LocalArchive
{
    private const int TarMagicOffset = 257;

    /// <summary>A stream of the tar inside <paramref name="path"/>, or null when it holds no tar.</summary>
    public static Stream? TryOpenTar(string path)
    {
        using (var candidate = Decompress(path))
        {
            if (!StartsWithTarHeader(candidate))
            {
                return null;
            }
        }

        return Decompress(path);
    }

    private static Stream Decompress(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[ArchiveCompressions.MagicLength];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return ArchiveCompressions.Decompress(file, ArchiveCompressions.Detect(magic[..read]));
    }

    private static bool StartsWithTarHeader(Stream stream)
    {
        var header = new byte[512];
        try
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return false;
            }
        }
        catch (Exception error) when (error is InvalidDataException or IOException or ICSharpCode.SharpZipLib.SharpZipBaseException or ZstdException)
        {
            // Compressed, but not what its magic says: copy it as it is.
            return false;
        }

        if (header.AsSpan(TarMagicOffset, 5).SequenceEqual("ustar"u8))
        {
            return true;
        }

        // A v7 tar has no magic; its header checksum (spaces in place of the field) still holds.
        var stored = System.Text.Encoding.ASCII.GetString(header, 148, 8).Trim(' ', '\0');
        long sum = 0;
        for (var i = 0; i < header.Length; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return stored.Length > 0 && stored.All(c => c is >= '0' and <= '7') && Convert.ToInt64(stored, 8) == sum && header[0] != 0;
    }
}
