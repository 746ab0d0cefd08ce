using System.Runtime.InteropServices;

namespace Kaniko.Engine.Filesystem;

internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int dirFd, string path, int flags, uint mask, ref FileStatus.StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Lchown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint Geteuid();
}
