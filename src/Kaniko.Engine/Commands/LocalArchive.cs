using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;
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
        if (Decompress(path) is not { } candidate)
        {
            return null;
        }

        using (candidate)
        {
            if (!StartsWithTarHeader(candidate))
            {
                return null;
            }
        }

        return Decompress(path);
    }

    private static Stream? Decompress(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[6];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        if (read >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h')
        {
            return new BZip2InputStream(file);
        }

        if (read >= 6 && magic.SequenceEqual(new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00 }))
        {
            return new XzDecompressionStream(file);
        }

        if (read >= 4 && magic[..4].SequenceEqual(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }))
        {
            return new DecompressionStream(file, leaveOpen: false);
        }

        return file;
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
