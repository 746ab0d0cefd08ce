using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// Copies one open file's content into another, as File.Copy does for paths: copy_file_range
/// first (in the kernel, a reflink where the file system has them), a stream copy where the kernel
/// refuses it (across some file systems, on old kernels).
/// </summary>
internal static partial class FileContentCopy
{
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EOPNOTSUPP = 95;

    public static void Copy(SafeFileHandle from, SafeFileHandle to, string pathForMessages)
    {
        var copied = 0L;
        while (true)
        {
            var result = CopyFileRange(from, 0, to, 0, 1 << 30, 0);
            if (result > 0)
            {
                copied += result;
                continue;
            }

            if (result == 0)
            {
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (copied == 0 && errno is EXDEV or EINVAL or ENOSYS or EOPNOTSUPP)
            {
                break;
            }

            throw new IOException($"Copying '{pathForMessages}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        using var reader = new FileStream(from, FileAccess.Read, bufferSize: 0);
        using var writer = new FileStream(to, FileAccess.Write, bufferSize: 0);
        reader.CopyTo(writer, 1 << 17);
    }

    // Null offsets: each file's own position moves.
    [LibraryImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(SafeFileHandle input, nint inputOffset, SafeFileHandle output, nint outputOffset, nuint length, uint flags);
}
