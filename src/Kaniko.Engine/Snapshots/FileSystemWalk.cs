using System.Security.Cryptography;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Snapshots;

/// <summary>
/// Every path under a root folder (but the ignored ones) with what <see cref="SnapshotMode"/> needs
/// to compare it later: lstat, link targets and, in full mode, a SHA-256 of each regular file.
/// Symbolic links are never followed.
/// </summary>
internal sealed class FileSystemWalk
{
    private FileSystemWalk(Dictionary<string, WalkedEntry> entries) => Entries = entries;

    /// <summary>Image path (absolute, normalized) to what the walk saw there.</summary>
    public IReadOnlyDictionary<string, WalkedEntry> Entries { get; }

    public static FileSystemWalk Capture(string rootHostPath, SnapshotIgnoreList ignore, SnapshotMode mode)
    {
        var entries = new Dictionary<string, WalkedEntry>(StringComparer.Ordinal);
        var files = new List<string>();
        Visit(rootHostPath, "", ignore, entries, files);
        if (mode == SnapshotMode.Full)
        {
            var hashes = new byte[files.Count][];
            Parallel.For(0, files.Count, i => hashes[i] = Hash(rootHostPath + files[i]));
            for (var i = 0; i < files.Count; i++)
            {
                entries[files[i]] = entries[files[i]] with { ContentHash = hashes[i] };
            }
        }

        return new FileSystemWalk(entries);
    }

    private static void Visit(string hostFolder, string imageFolder, SnapshotIgnoreList ignore, Dictionary<string, WalkedEntry> entries, List<string> files)
    {
        foreach (var hostPath in Directory.EnumerateFileSystemEntries(hostFolder))
        {
            var imagePath = imageFolder + "/" + Path.GetFileName(hostPath);
            if (ignore.Ignores(imagePath) || FileStatus.TryRead(hostPath) is not { } status || status.IsSocket)
            {
                continue;
            }

            var link = status.IsSymbolicLink ? new FileInfo(hostPath).LinkTarget : null;
            entries[imagePath] = new WalkedEntry(status, link, null);
            if (status.IsDirectory)
            {
                Visit(hostPath, imagePath, ignore, entries, files);
            }
            else if (status.IsRegularFile)
            {
                files.Add(imagePath);
            }
        }
    }

    public static byte[] Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        return SHA256.HashData(stream);
    }
}
