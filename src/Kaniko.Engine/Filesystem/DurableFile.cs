namespace Kaniko.Engine.Filesystem;

/// <summary>
/// Writes that a reader sees whole or not at all: into a temporary file beside the target, flushed
/// to disk, then renamed over it. A process killed midway leaves only a <c>tmp-</c> file nobody reads.
/// </summary>
internal static class DurableFile
{
    public const string TemporaryPrefix = "tmp-";

    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(
            Path.GetDirectoryName(path)!,
            async (output, token) =>
            {
                await write(output, token).ConfigureAwait(false);
                return path;
            },
            written => written,
            flushToDisk: true,
            cancellationToken);

    /// <summary>
    /// Writes a file whose name is known only once it is written (a blob under the digest of its
    /// bytes): into a temporary file in <paramref name="folder"/>, then renamed to the path
    /// <paramref name="pathOf"/> gives for what <paramref name="write"/> returned. A failed write
    /// leaves no temporary file. <paramref name="flushToDisk"/> false skips the fsync, for files that
    /// need not outlive a crash (a build's own work folder) but must still appear whole.
    /// </summary>
    public static async Task<T> WriteAsync<T>(string folder, Func<Stream, CancellationToken, Task<T>> write, Func<T, string> pathOf, bool flushToDisk, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(folder, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            T written;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                written = await write(output, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushToDisk)
                {
                    output.Flush(flushToDisk: true);
                }
            }

            File.Move(temporary, pathOf(written), overwrite: true);
            return written;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        WriteAsync(path, (output, token) => output.WriteAsync(bytes, token).AsTask(), cancellationToken);

    /// <summary>
    /// Puts a file that is never changed in place (a blob under its digest) at <paramref name="path"/>,
    /// as whole and as durable as a copy written by <see cref="WriteAsync(string, Func{Stream, CancellationToken, Task}, CancellationToken)"/>:
    /// a hard link where one can be made (same file system, a file of this user's, so the new name
    /// gets no other owner), else a copy.
    /// </summary>
    public static async Task LinkOrCopyAsync(string source, string path, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        if (!TryLink(source, temporary))
        {
            await WriteAsync(
                path,
                async (output, token) =>
                {
                    await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                    await input.CopyToAsync(output, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            // The source may be this build's own layer, still only in the page cache.
            using (var linked = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                linked.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static bool TryLink(string source, string link)
    {
        if (!OperatingSystem.IsLinux() || FileStatus.TryRead(source) is not { IsRegularFile: true } status || status.Uid != UnixSystemCalls.Geteuid())
        {
            return false;
        }

        try
        {
            UnixSystemCalls.CreateHardLink(source, link);
            return true;
        }
        catch (IOException)
        {
            return false; // another file system, or links not allowed there
        }
    }

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
