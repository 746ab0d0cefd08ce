namespace Kaniko.Engine.Caching;

/// <summary>
/// Writes that a reader sees whole or not at all: into a temporary file beside the target, flushed
/// to disk, then renamed over it. A process killed midway leaves only a <c>tmp-</c> file nobody reads.
/// </summary>
internal static class DurableFile
{
    public const string TemporaryPrefix = "tmp-";

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(output, cancellationToken).ConfigureAwait(false);
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

    public static Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        WriteAsync(path, (output, token) => output.WriteAsync(bytes, token).AsTask(), cancellationToken);

    /// <summary>Deletes the temporary files killed writers left in <paramref name="folder"/>: those untouched for <paramref name="olderThan"/> (a live write touches its file constantly).</summary>
    public static void SweepAbandoned(string folder, TimeSpan olderThan)
    {
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var temporary in new DirectoryInfo(folder).EnumerateFiles(TemporaryPrefix + "*"))
        {
            try
            {
                if (temporary.LastWriteTimeUtc < cutoff)
                {
                    temporary.Delete();
                }
            }
            catch (IOException)
            {
                // Another process swept it first, or is still writing it.
            }
        }
    }
}
