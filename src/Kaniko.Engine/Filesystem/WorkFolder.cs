using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// A folder one process works in (a build's, a run's, an output staged beside its destination),
/// locked (flock on its <c>.lock</c> file) for as long as the process owns it. The kernel drops the
/// lock however the process dies, so a later process can tell a folder whose owner was SIGKILLed or
/// OOM-killed from a live one and remove it, and never removes a live one.
/// </summary>
public sealed partial class WorkFolder : IDisposable
{
    /// <summary>A build's folder under the temp folder: <c>kaniko-</c> and 32 hex digits.</summary>
    public const string BuildPrefix = "kaniko-";

    /// <summary>A <c>dotnet kaniko run</c>'s folder under the temp folder.</summary>
    public const string RunPrefix = "kaniko-run-";

    private const string LockFileName = ".lock";

    // A folder without a lock file is being made or removed by its owner right now, or was left by a
    // Kaniko that locked nothing: only the last kind is this old.
    private static readonly TimeSpan UnlockedGrace = TimeSpan.FromHours(1);

    private FileLock? _lock;

    private WorkFolder(string path, FileLock held)
    {
        Path = path;
        _lock = held;
    }

    public string Path { get; }

    /// <summary>First removes the build and run folders under the temp folder whose owners died, then makes a fresh one.</summary>
    public static WorkFolder CreateInTemp(string prefix, ILogger logger)
    {
        var temp = System.IO.Path.GetTempPath();
        RemoveAbandoned(temp, BuildPrefix, logger);
        RemoveAbandoned(temp, RunPrefix, logger);
        return Create(temp, prefix);
    }

    /// <summary>A fresh folder <paramref name="prefix"/> + 32 hex digits under <paramref name="parent"/>, locked by this process.</summary>
    public static WorkFolder Create(string parent, string prefix)
    {
        var path = System.IO.Path.Combine(parent, prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        FileLock? held = null;
        try
        {
            // Locked under another name first: a .lock another process finds is always already held.
            var pending = System.IO.Path.Combine(path, LockFileName + "-" + Guid.NewGuid().ToString("N"));
            held = FileLock.TryAcquire(pending, create: true) ?? throw new IOException($"Could not lock the new folder {path}.");
            File.Move(pending, System.IO.Path.Combine(path, LockFileName));
            return new WorkFolder(path, held);
        }
        catch
        {
            held?.Dispose();
            Directory.Delete(path, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Removes the folders <paramref name="prefix"/> + 32 hex digits under <paramref name="parent"/>
    /// whose lock no process holds; returns how many.
    /// </summary>
    public static int RemoveAbandoned(string parent, string prefix, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var removed = 0;
        foreach (var folder in new DirectoryInfo(parent).EnumerateDirectories(prefix + "*"))
        {
            if (folder.Name.Length != prefix.Length + 32 || !HexName().IsMatch(folder.Name.AsSpan(prefix.Length)))
            {
                continue;
            }

            var lockPath = System.IO.Path.Combine(folder.FullName, LockFileName);
            if (File.Exists(lockPath))
            {
                // Null when the owner holds it, or when the owner removed the folder meanwhile.
                using var held = FileLock.TryAcquire(lockPath, create: false);
                if (held is not null && TryDelete(folder.FullName, logger))
                {
                    removed++;
                }
            }
            else if (folder.LastWriteTimeUtc < DateTime.UtcNow - UnlockedGrace && TryDelete(folder.FullName, logger))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Moves the finished folder to <paramref name="destination"/> on the same file system, without its lock file, and gives up the lock.</summary>
    public void MoveTo(string destination)
    {
        ObjectDisposedException.ThrowIf(_lock is null, this);
        File.Delete(System.IO.Path.Combine(Path, LockFileName));
        Directory.Move(Path, destination);
        _lock.Dispose();
        _lock = null;
    }

    /// <summary>Removes the folder (unless moved), then gives up the lock.</summary>
    public void Dispose()
    {
        if (_lock is null)
        {
            return;
        }

        try
        {
            // However deep a context made it (FileSystemEntries.RemoveTree, not the BCL's recursive delete).
            FileSystemEntries.RemoveTree(Path);
        }
        finally
        {
            _lock.Dispose();
            _lock = null;
        }
    }

    private static bool TryDelete(string folder, ILogger logger)
    {
        try
        {
            FileSystemEntries.RemoveTree(folder);
            logger.LogInformation("Removed {Folder}: its build or run was killed before it could", folder);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            // Another process removed it first.
            return false;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove {Folder}, left by a killed build or run: {Message}", folder, error.Message);
            return false;
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexName();
}
