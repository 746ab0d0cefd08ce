namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// Writes a file so that readers see either nothing, the old file, or the whole new one: into a
/// temporary file beside it, flushed to disk (fsync), then renamed over it. A process killed half
/// way leaves only a <c>.part-*</c> file, which no reader looks at.
/// </summary>
internal static class DurableFile
{
    public const string TemporaryMarker = ".part-";

    /// <summary>
    /// Writes <paramref name="path"/> with <paramref name="write"/>; when it throws (a download that
    /// failed verification), the temporary file is removed and <paramref name="path"/> is untouched.
    /// </summary>
    public static async Task WriteAsync(string path, Func<FileStream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + TemporaryMarker + Guid.NewGuid().ToString("N");
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(output).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
        => WriteAsync(path, output => output.WriteAsync(bytes, cancellationToken).AsTask(), cancellationToken);
}
