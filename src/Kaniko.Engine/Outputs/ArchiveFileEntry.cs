using System.Formats.Tar;

namespace Kaniko.Engine.Outputs;

/// <summary>A regular file (0644, root) streamed into an image archive.</summary>
internal static class ArchiveFileEntry
{
    /// <param name="modificationTime">Null for the time of writing.</param>
    public static async Task WriteAsync(TarWriter tar, string name, Stream content, DateTimeOffset? modificationTime, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = (UnixFileMode)0x1A4 };
        if (modificationTime is { } time)
        {
            entry.ModificationTime = time;
        }

        await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
