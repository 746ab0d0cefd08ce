using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// A folder held open (O_PATH) and the calls on the names in it, each made relative to it: the
/// kernel then resolves one name instead of the whole path, so walking a tree N folders deep costs N
/// lookups rather than N²/2. No call follows a symbolic link at the name it is given.
/// </summary>
internal sealed unsafe partial class FolderHandle : IDisposable
{
    private const int AtRemoveDirectory = 0x200;
    private const int EISDIR = 21;

    private readonly int _descriptor;
    private bool _closed;

    private FolderHandle(int descriptor, string hostPath)
    {
        _descriptor = descriptor;
        HostPath = hostPath;
    }

    /// <summary>The folder's host path ("" for <c>/</c>, as <see cref="RootDirectory.HostPath"/> has it), for messages and image paths.</summary>
    public string HostPath { get; }

    /// <summary>The folder at <paramref name="hostPath"/>, any length; links on the way and at its end are followed, as the path calls follow them.</summary>
    public static FolderHandle Open(string hostPath)
    {
        var (descriptor, errno) = LongPath.With(hostPath.Length == 0 ? "/" : hostPath, path =>
            (UnixSystemCalls.OpenAt(UnixSystemCalls.CurrentDirectory, path, OpenFlags.Path | OpenFlags.Directory | OpenFlags.CloseOnExec, 0), Marshal.GetLastPInvokeError()));
        return descriptor >= 0 ? new FolderHandle(descriptor, hostPath) : throw Failure("open", hostPath, errno);
    }

    /// <summary>The folder that holds <paramref name="hostPath"/>, and the name of it there.</summary>
    public static (FolderHandle Folder, string Name) OpenParent(string hostPath)
    {
        var slash = hostPath.LastIndexOf('/');
        return (Open(hostPath[..slash]), hostPath[(slash + 1)..]);
    }

    /// <summary>The folder <paramref name="name"/> in this one; a link there fails (ELOOP) rather than being followed.</summary>
    public FolderHandle OpenFolder(string name) =>
        new(Checked(UnixSystemCalls.OpenAt(_descriptor, name, OpenFlags.Path | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec, 0), "open", PathOf(name)), PathOf(name));

    public string PathOf(string name) => HostPath + "/" + name;

    /// <summary>What lstat says of <paramref name="name"/>; null when nothing is there.</summary>
    public FileStatus? Status(string name) => FileStatus.TryReadAt(_descriptor, name, PathOf(name));

    /// <summary>The names in the folder ("." and ".." left out), listed in one go.</summary>
    public List<string> Names()
    {
        var listing = Checked(UnixSystemCalls.OpenAt(_descriptor, ".", OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.CloseOnExec, 0), "open", HostPath);
        try
        {
            var names = new List<string>();
            var buffer = new byte[32 * 1024];
            fixed (byte* start = buffer)
            {
                nint read;
                while ((read = GetDirectoryEntries(listing, start, (nuint)buffer.Length)) > 0)
                {
                    // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated).
                    for (var offset = 0; offset < read; offset += *(ushort*)(start + offset + 16))
                    {
                        var name = new ReadOnlySpan<byte>(start + offset + 19, *(ushort*)(start + offset + 16) - 19);
                        name = name[..name.IndexOf((byte)0)];
                        if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                        {
                            names.Add(Encoding.UTF8.GetString(name));
                        }
                    }
                }

                return read == 0 ? names : throw Failure("getdents64", HostPath, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = UnixSystemCalls.Close(listing);
        }
    }

    /// <summary>The target of the link <paramref name="name"/>, as written.</summary>
    public string ReadLink(string name)
    {
        for (var size = 256; ; size *= 4)
        {
            var buffer = new byte[size];
            nint length;
            fixed (byte* bytes = buffer)
            {
                length = ReadLinkAt(_descriptor, name, bytes, (nuint)size);
            }

            if (length < 0)
            {
                throw Failure("readlink", PathOf(name), Marshal.GetLastPInvokeError());
            }

            if (length < size)
            {
                return Encoding.UTF8.GetString(buffer, 0, (int)length);
            }
        }
    }

    /// <summary>The file <paramref name="name"/> opened to read; never a link's target, and a pipe put in its place does not block the open.</summary>
    public SafeFileHandle OpenRead(string name) =>
        Handle(UnixSystemCalls.OpenAt(_descriptor, name, OpenFlags.ReadOnly | OpenFlags.NoFollow | OpenFlags.NonBlocking | OpenFlags.CloseOnExec, 0), "open", PathOf(name));

    /// <summary>The file <paramref name="name"/> opened to read, a link there followed, as opening by path does.</summary>
    public SafeFileHandle OpenReadFollowingLink(string name) =>
        Handle(UnixSystemCalls.OpenAt(_descriptor, name, OpenFlags.ReadOnly | OpenFlags.CloseOnExec, 0), "open", PathOf(name));

    /// <summary>A new file <paramref name="name"/> opened to write; fails when anything, a link too, is there.</summary>
    public SafeFileHandle CreateFile(string name, UnixFileMode mode) =>
        Handle(UnixSystemCalls.OpenAt(_descriptor, name, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.NoFollow | OpenFlags.CloseOnExec, (uint)mode), "create", PathOf(name));

    public void CreateFolder(string name, UnixFileMode mode) => Check(MakeDirectoryAt(_descriptor, name, (uint)mode), "mkdir", name);

    public void CreateSymbolicLink(string name, string target) => Check(SymbolicLinkAt(target, _descriptor, name), "symlink", name);

    public void CreateNode(string name, uint typeAndMode, int major, int minor) =>
        UnixSystemCalls.CreateNodeAt(_descriptor, name, typeAndMode, major, minor, PathOf(name));

    public void SetOwner(string name, int uid, int gid) => UnixSystemCalls.ChangeOwnerAt(_descriptor, name, uid, gid, PathOf(name));

    /// <summary>chmod of <paramref name="name"/>, which must not be a link (Linux has no mode of its own for one).</summary>
    public void SetMode(string name, UnixFileMode mode) => Check(ChangeModeAt(_descriptor, name, (uint)mode, 0), "chmod", name);

    public void SetModificationTime(string name, DateTimeOffset time) =>
        UnixSystemCalls.SetModificationTimeAt(_descriptor, name, time, PathOf(name));

    /// <summary>Removes what is at <paramref name="name"/> unless it is a folder; false when it is one.</summary>
    public bool TryDeleteNonFolder(string name)
    {
        if (UnlinkAt(_descriptor, name, 0) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EISDIR ? false : throw Failure("unlink", PathOf(name), errno);
    }

    public void Delete(string name) => Check(UnlinkAt(_descriptor, name, 0), "unlink", name);

    public void DeleteEmptyFolder(string name) => Check(UnlinkAt(_descriptor, name, AtRemoveDirectory), "rmdir", name);

    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            _ = UnixSystemCalls.Close(_descriptor);
        }
    }

    private void Check(int result, string call, string name)
    {
        if (result != 0)
        {
            throw Failure(call, PathOf(name), Marshal.GetLastPInvokeError());
        }
    }

    private static int Checked(int descriptor, string call, string path) =>
        descriptor >= 0 ? descriptor : throw Failure(call, path, Marshal.GetLastPInvokeError());

    private static SafeFileHandle Handle(int descriptor, string call, string path) =>
        new(Checked(descriptor, call, path), ownsHandle: true);

    private static IOException Failure(string call, string path, int errno) =>
        new($"{call} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDirectoryEntries(int descriptor, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAt(int directory, string path, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MakeDirectoryAt(int directory, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymbolicLinkAt(string target, int directory, string path);

    [LibraryImport("libc", EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChangeModeAt(int directory, string path, uint mode, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkAt(int directory, string path, int flags);
}
