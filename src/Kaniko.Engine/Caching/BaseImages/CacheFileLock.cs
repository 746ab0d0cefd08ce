using System.Runtime.InteropServices;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// An exclusive advisory lock (flock) on a file, held until disposed, so processes sharing a cache
/// folder update its index one at a time. The kernel drops it when the process dies, so a killed
/// warm or build never leaves the folder locked.
/// </summary>
internal sealed partial class CacheFileLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int WouldBlock = 11;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly FileStream _file;

    private CacheFileLock(FileStream file) => _file = file;

    public static async Task<CacheFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Flock((int)file.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) != 0)
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
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Closing the file releases the lock.
    public void Dispose() => _file.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
