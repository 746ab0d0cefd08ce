using System.Runtime.InteropServices;

namespace Kaniko.Engine.Filesystem;

/// <summary>The few libc calls .NET has no API for: none of them follows a symlink in the last component.</summary>
internal static unsafe partial class UnixSystemCalls
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;

    /// <summary>AT_FDCWD: the *at calls' "relative to the current directory".</summary>
    public const int CurrentDirectory = AtCurrentDirectory;

    public static void ChangeOwner(string path, int uid, int gid) =>
        LongPath.With(path, reachable => ChangeOwnerAt(AtCurrentDirectory, reachable, uid, gid, path));

    /// <summary>fchownat of <paramref name="name"/> in the folder <paramref name="folder"/>, a final link not followed.</summary>
    public static void ChangeOwnerAt(int folder, string name, int uid, int gid, string pathForMessages) =>
        Check(Fchownat(folder, name, uid, gid, AtSymlinkNoFollow), "lchown", pathForMessages);

    public static void CreateHardLink(string existingPath, string newPath) =>
        LongPath.With(existingPath, newPath, (existing, created) => Check(Link(existing, created), "link", newPath));

    /// <summary>rename(2): moves a link itself (File.Move refuses a dangling one); the target must not be a directory.</summary>
    public static void Rename(string oldPath, string newPath) =>
        LongPath.With(oldPath, newPath, (old, renamed) => Check(RenameAt(old, renamed), "rename", newPath));

    public static void CreateNode(string path, uint typeAndMode, int major, int minor) =>
        LongPath.With(path, reachable => CreateNodeAt(AtCurrentDirectory, reachable, typeAndMode, major, minor, path));

    public static void CreateNodeAt(int folder, string name, uint typeAndMode, int major, int minor, string pathForMessages)
    {
        // glibc's makedev layout.
        var (high, low) = ((ulong)(uint)major, (ulong)(uint)minor);
        var device = ((high & 0xFFF) << 8) | (low & 0xFF) | ((low & ~0xFFUL) << 12) | ((high & ~0xFFFUL) << 32);
        Check(Mknodat(folder, name, typeAndMode, device), "mknod", pathForMessages);
    }

    public static void SetModificationTime(string path, DateTimeOffset time) =>
        LongPath.With(path, reachable => SetModificationTimeAt(AtCurrentDirectory, reachable, time, path));

    /// <summary>utimensat of <paramref name="name"/> in the folder <paramref name="folder"/>, a final link not followed.</summary>
    public static void SetModificationTimeAt(int folder, string name, DateTimeOffset time, string pathForMessages)
    {
        var seconds = time.ToUnixTimeSeconds();
        var nanoseconds = (time.UtcTicks % TimeSpan.TicksPerSecond) * 100;
        var times = stackalloc long[4] { seconds, nanoseconds, seconds, nanoseconds };
        Check(Utimensat(folder, name, times, AtSymlinkNoFollow), "utimensat", pathForMessages);
    }

    /// <summary>An O_PATH descriptor of the folder <paramref name="path"/>, relative to <paramref name="folder"/>; links on the way are followed.</summary>
    public static int OpenFolderAt(int folder, string path, string pathForMessages)
    {
        var descriptor = OpenAt(folder, path, OpenFlags.Path | OpenFlags.Directory | OpenFlags.CloseOnExec, 0);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open the folder on the way to '{pathForMessages}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        return descriptor;
    }

    public static void CloseDescriptor(int descriptor) => _ = Close(descriptor);

    /// <summary>False when the file system or the caller's privileges refuse the attribute.</summary>
    public static bool TrySetExtendedAttribute(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* bytes = value)
        {
            if (Lsetxattr(path, name, bytes, (nuint)value.Length, 0) == 0)
            {
                return true;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EPERM or ENOTSUP or EACCES
            ? false
            : throw new IOException($"lsetxattr '{name}' on '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    /// <summary>The value of an extended attribute, or null when the path has none of that name.</summary>
    public static byte[]? GetExtendedAttribute(string path, string name)
    {
        var size = Lgetxattr(path, name, null, 0);
        if (size < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENODATA or ENOTSUP ? null : throw new IOException($"lgetxattr '{name}' on '{path}' failed (errno {errno}).");
        }

        var value = new byte[size];
        fixed (byte* bytes = value)
        {
            size = Lgetxattr(path, name, bytes, (nuint)value.Length);
        }

        return size < 0 ? null : value[..(int)size];
    }

    /// <summary>The names of a path's extended attributes, without following a final symlink.</summary>
    public static IReadOnlyList<string> ListExtendedAttributes(string path)
    {
        var size = Llistxattr(path, null, 0);
        if (size <= 0)
        {
            return [];
        }

        var names = new byte[size];
        fixed (byte* bytes = names)
        {
            size = Llistxattr(path, bytes, (nuint)names.Length);
        }

        return size <= 0
            ? []
            : System.Text.Encoding.UTF8.GetString(names, 0, (int)size).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    private const int EPERM = 1;
    private const int EACCES = 13;
    private const int ENODATA = 61;
    private const int ENOTSUP = 95;

    internal static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{call} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int directory, string path, int flags, uint mask, ref FileStatus.StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int OpenAt(int directory, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint Geteuid();

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Fchownat(int directory, string path, int owner, int group, int flags);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Lgetxattr(string path, string name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Llistxattr(string path, byte* list, nuint size);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mknodat(int directory, string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Utimensat(int directory, string path, long* times, int flags);
}
