using System.Runtime.InteropServices;

namespace Kaniko.Engine.Filesystem;

/// <summary>
/// What lstat says of a path: the owner and mode bits the BCL does not expose, the device and inode
/// that tell hard links apart, and for a device node the device it stands for.
/// </summary>
public readonly record struct FileStatus(
    int Uid,
    int Gid,
    int Mode,
    long Size,
    long Inode,
    int LinkCount,
    DateTimeOffset ModificationTime,
    long Device = 0,
    int DeviceMajor = 0,
    int DeviceMinor = 0)
{
    private const int S_IFCHR = 0x2000;
    private const int S_IFBLK = 0x6000;
    private const int S_IFIFO = 0x1000;
    private const int S_IFSOCK = 0xC000;

    private const int S_IFMT = 0xF000;
    private const int S_IFDIR = 0x4000;
    private const int S_IFLNK = 0xA000;
    private const int S_IFREG = 0x8000;

    /// <summary>Permission bits including setuid, setgid and sticky.</summary>
    public int Permissions => Mode & 0xFFF;

    public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;

    public bool IsSymbolicLink => (Mode & S_IFMT) == S_IFLNK;

    public bool IsRegularFile => (Mode & S_IFMT) == S_IFREG;

    public bool IsCharacterDevice => (Mode & S_IFMT) == S_IFCHR;

    public bool IsBlockDevice => (Mode & S_IFMT) == S_IFBLK;

    public bool IsFifo => (Mode & S_IFMT) == S_IFIFO;

    public bool IsSocket => (Mode & S_IFMT) == S_IFSOCK;

    /// <summary>Does not follow a final symbolic link. Returns null when the path does not exist. Any length of path.</summary>
    public static FileStatus? TryRead(string path) =>
        LongPath.With(path, reachable => TryReadAt(AtFdCwd, reachable, path));

    /// <summary><see cref="TryRead"/> of <paramref name="name"/> in the folder open as <paramref name="folder"/>.</summary>
    internal static FileStatus? TryReadAt(int folder, string name, string pathForMessages)
    {
        // statx has one layout on every architecture, unlike struct stat.
        var buffer = new StatxBuffer();
        if (UnixSystemCalls.Statx(folder, name, AtSymlinkNoFollow, StatxBasicStats, ref buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20)
            {
                return null;
            }

            throw new IOException($"Cannot read the status of '{pathForMessages}' (errno {errno}).");
        }

        return new FileStatus(
            (int)buffer.Uid,
            (int)buffer.Gid,
            buffer.Mode,
            (long)buffer.Size,
            (long)buffer.Inode,
            (int)buffer.LinkCount,
            DateTimeOffset.FromUnixTimeSeconds(buffer.MtimeSeconds).AddTicks(buffer.MtimeNanoseconds / 100),
            ((long)buffer.DevMajor << 32) | buffer.DevMinor,
            (int)buffer.RdevMajor,
            (int)buffer.RdevMinor);
    }

    public static FileStatus Read(string path) =>
        TryRead(path) ?? throw new FileNotFoundException($"'{path}' does not exist.", path);

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(24)] public uint Gid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(128)] public uint RdevMajor;
        [FieldOffset(132)] public uint RdevMinor;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }
}
