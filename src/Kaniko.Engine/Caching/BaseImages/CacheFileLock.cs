using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// An exclusive advisory lock (flock) on a file, held until disposed, so processes sharing a cache
/// folder update its index one at a time. The kernel drops it when the process dies, so a killed
/// warm or build never leaves the folder locked.
/// </summary>
internal sealed partial class CacheFileLock : IDisposable
{
    private const int OpenReadWrite = 0x2;
    private const int OpenCreate = 0x40;
    private const int OpenCloseOnExec = 0x80000;
    private const int ReadWriteForOwner = 0x1a4; // 0644
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly SafeFileHandle _file;

    private CacheFileLock(SafeFileHandle file) => _file = file;

    public static async Task<CacheFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Opened with open(2), not FileStream: .NET takes flock locks of its own on the files it opens.
        int descriptor = Open(path, OpenReadWrite | OpenCreate | OpenCloseOnExec, ReadWriteForOwner);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        var file = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Flock(descriptor, LockExclusive | LockNonBlocking) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error != WouldBlock)
                {
                    throw new IOException($"Could not lock {path}: {Marshal.GetPInvokeErrorMessage(error)}.");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new KanikoException(
                        BaseImageCacheErrorCode.LockTimeout,
                        $"Another process has held the lock {path} for more than {timeout.TotalSeconds:0} seconds. Is a warm or build on this cache folder stuck? Stop it and try again.");
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }

            return new CacheFileLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // Closing the file releases the lock.
    public void Dispose() => _file.Dispose();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
