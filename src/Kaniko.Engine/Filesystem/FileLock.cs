using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// An exclusive advisory lock (flock) on a file, held until disposed, so processes sharing a cache
/// folder (warms and builds, base images and layers) update an index one at a time, and a work folder
/// shows whether its owner lives. The kernel drops it when the process dies, so a killed
/// warm or build never leaves the folder locked.
/// </summary>
internal sealed partial class FileLock : IDisposable
{
    private const int ReadWriteForOwner = 0x1a4; // 0644
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;
    private const int NoSuchFile = 2;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly SafeFileHandle _file;

    private FileLock(SafeFileHandle file) => _file = file;

    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var file = OpenOrCreate(path, create: true) ?? throw new IOException($"Could not create {path}.");
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!TryLock(file, path))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new KanikoException(
                        FilesystemErrorCode.LockTimeout,
                        $"Another process has held the lock {path} for more than {timeout.TotalSeconds:0} seconds. Is a warm or build on this cache folder stuck? Stop it and try again.");
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }

            return new FileLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The lock if no one holds it, without waiting; null when another open file holds it, or when
    /// the file does not exist and <paramref name="create"/> is false.
    /// </summary>
    public static FileLock? TryAcquire(string path, bool create)
    {
        if (OpenOrCreate(path, create) is not { } file)
        {
            return null;
        }

        try
        {
            if (TryLock(file, path))
            {
                return new FileLock(file);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }

        file.Dispose();
        return null;
    }

    // Closing the file releases the lock.
    public void Dispose() => _file.Dispose();

    // Opened with open(2), not FileStream: .NET takes flock locks of its own on the files it opens.
    private static SafeFileHandle? OpenOrCreate(string path, bool create)
    {
        int descriptor = Open(path, OpenFlags.ReadWrite | OpenFlags.CloseOnExec | (create ? OpenFlags.Create : 0), ReadWriteForOwner);
        if (descriptor >= 0)
        {
            return new SafeFileHandle(descriptor, ownsHandle: true);
        }

        int error = Marshal.GetLastPInvokeError();
        if (error == NoSuchFile && !create)
        {
            return null;
        }

        throw new IOException($"Could not open {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
    }

    private static bool TryLock(SafeFileHandle file, string path)
    {
        if (Flock((int)file.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0)
        {
            return true;
        }

        int error = Marshal.GetLastPInvokeError();
        if (error != WouldBlock)
        {
            throw new IOException($"Could not lock {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
        }

        return false;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
