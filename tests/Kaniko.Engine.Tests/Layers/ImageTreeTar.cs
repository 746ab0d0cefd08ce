using System.Formats.Tar;
using System.Text;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// Builds stacks of layer tars with every header field a test may vary (owner, mode, time, device,
/// extended attributes); every entry gets its own time, so a time taken from the wrong entry shows.
/// </summary>
internal sealed class ImageTreeTar
{
    private static readonly DateTimeOffset FirstTime = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly List<List<PaxTarEntry>> _layers = [[]];
    private int _count;

    public ImageTreeTar Directory(string name, int mode = 0x1ED, int uid = 0, int gid = 0, Dictionary<string, string>? xattrs = null) =>
        Add(TarEntryType.Directory, name, mode, uid, gid, xattrs: xattrs);

    public ImageTreeTar File(string name, string content = "data", int mode = 0x1A4, int uid = 0, int gid = 0, Dictionary<string, string>? xattrs = null) =>
        Add(TarEntryType.RegularFile, name, mode, uid, gid, content: content, xattrs: xattrs);

    public ImageTreeTar Symlink(string name, string target, int uid = 0, int gid = 0) =>
        Add(TarEntryType.SymbolicLink, name, 0x1FF, uid, gid, link: target);

    /// <summary>The link's own header says 0600 and 7:7, which extraction must not apply.</summary>
    public ImageTreeTar Hardlink(string name, string target) =>
        Add(TarEntryType.HardLink, name, 0x180, 7, 7, link: target);

    public ImageTreeTar CharacterDevice(string name, int major, int minor, int mode = 0x1B6) =>
        Add(TarEntryType.CharacterDevice, name, mode, 0, 0, major: major, minor: minor);

    public ImageTreeTar BlockDevice(string name, int major, int minor, int mode = 0x180) =>
        Add(TarEntryType.BlockDevice, name, mode, 0, 6, major: major, minor: minor);

    public ImageTreeTar Fifo(string name, int mode = 0x1A4) => Add(TarEntryType.Fifo, name, mode, 0, 0);

    /// <summary>"dir/.wh.name" or "dir/.wh..wh..opq": an empty file, as layer writers make them.</summary>
    public ImageTreeTar Whiteout(string name) => Add(TarEntryType.RegularFile, name, 0, 0, 0, content: string.Empty);

    public ImageTreeTar NextLayer()
    {
        _layers.Add([]);
        return this;
    }

    public IReadOnlyList<byte[]> Layers() => _layers.Select(Write).ToList();

    private static byte[] Write(List<PaxTarEntry> entries)
    {
        using var bytes = new MemoryStream();
        using (var writer = new TarWriter(bytes, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        return bytes.ToArray();
    }

    private ImageTreeTar Add(
        TarEntryType type, string name, int mode, int uid, int gid,
        string? content = null, string? link = null, int major = 0, int minor = 0, Dictionary<string, string>? xattrs = null)
    {
        var attributes = xattrs?.ToDictionary(pair => "SCHILY.xattr." + pair.Key, pair => pair.Value) ?? [];
        var entry = new PaxTarEntry(type, name, attributes)
        {
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = gid,
            ModificationTime = FirstTime.AddSeconds(1000 * ++_count).AddTicks(_count * 1234),
        };
        if (link is not null)
        {
            entry.LinkName = link;
        }

        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = major;
            entry.DeviceMinor = minor;
        }

        if (content is not null)
        {
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        }

        _layers[^1].Add(entry);
        return this;
    }
}
