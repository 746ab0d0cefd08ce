using System.Formats.Tar;
using System.Text;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>Crafts tar archives that LayerWriter would never write, to attack the extractor.</summary>
internal sealed class HostileTar : IDisposable
{
    private readonly MemoryStream _bytes = new();
    private readonly TarWriter _writer;

    public HostileTar()
    {
        _writer = new TarWriter(_bytes, TarEntryFormat.Ustar, leaveOpen: true);
    }

    public HostileTar File(string name, string content = "evil")
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = (UnixFileMode)0x1A4,
        };
        _writer.WriteEntry(entry);
        return this;
    }

    public HostileTar Directory(string name)
    {
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED });
        return this;
    }

    public HostileTar Symlink(string name, string target)
    {
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
        return this;
    }

    public HostileTar Hardlink(string name, string target)
    {
        _writer.WriteEntry(new UstarTarEntry(TarEntryType.HardLink, name) { LinkName = target });
        return this;
    }

    public MemoryStream ToStream()
    {
        _writer.Dispose();
        return new MemoryStream(_bytes.ToArray());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _bytes.Dispose();
    }
}
