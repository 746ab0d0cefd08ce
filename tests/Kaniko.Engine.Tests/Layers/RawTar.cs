using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// Writes tar headers byte by byte, so a test can make archives no tar library would: bad
/// checksums, negative sizes, NUL in names, truncated data. Each <see cref="NextLayer"/> starts a
/// new archive; <see cref="Layers"/> returns them all.
/// </summary>
internal sealed class RawTar
{
    public const int BlockSize = 512;

    private readonly List<MemoryStream> _layers = [new()];
    private bool _truncated;

    private MemoryStream Current => _layers[^1];

    public RawTar File(string name, string content = "evil", int mode = 0x1A4) =>
        Entry('0', name, Encoding.UTF8.GetBytes(content), mode: mode);

    public RawTar Directory(string name, int mode = 0x1ED) => Entry('5', name, mode: mode);

    public RawTar Symlink(string name, string target) => Entry('2', name, link: target, mode: 0x1FF);

    public RawTar Hardlink(string name, string target) => Entry('1', name, link: target);

    public RawTar Pax(params string[] records) => Entry('x', "PaxHeaders/entry", Encoding.UTF8.GetBytes(string.Concat(records.Select(PaxRecord))));

    public RawTar GnuLongName(string name) => Entry('L', "././@LongLink", Encoding.UTF8.GetBytes(name + "\0"), gnu: true);

    /// <summary>One header and its padded data; <paramref name="tamper"/> edits the header after its checksum is set.</summary>
    public RawTar Entry(
        char type,
        string name,
        byte[]? data = null,
        string? link = null,
        int mode = 0x1A4,
        string? sizeField = null,
        bool gnu = false,
        Action<byte[]>? tamper = null,
        int major = 0,
        int minor = 0)
    {
        data ??= [];
        var header = new byte[BlockSize];
        Put(header, 0, 100, Encoding.UTF8.GetBytes(name));
        Put(header, 100, 8, Octal(mode, 7));
        Put(header, 108, 8, Octal(0, 7));
        Put(header, 116, 8, Octal(0, 7));
        Put(header, 124, 12, sizeField is null ? Octal(data.Length, 11) : Encoding.ASCII.GetBytes(sizeField));
        Put(header, 136, 12, Octal(1_600_000_000, 11));
        header[156] = (byte)type;
        Put(header, 157, 100, Encoding.UTF8.GetBytes(link ?? string.Empty));
        Put(header, 257, 8, gnu ? "ustar  \0"u8.ToArray() : "ustar\000"u8.ToArray());
        Put(header, 329, 8, Octal(major, 7));
        Put(header, 337, 8, Octal(minor, 7));
        SetChecksum(header);
        tamper?.Invoke(header);
        Current.Write(header);
        Current.Write(data);
        Current.Write(new byte[(BlockSize - (data.Length % BlockSize)) % BlockSize]);
        return this;
    }

    public RawTar Bytes(byte[] bytes)
    {
        Current.Write(bytes);
        return this;
    }

    /// <summary>Cuts the last <paramref name="count"/> bytes and leaves out the end-of-archive blocks.</summary>
    public RawTar Truncate(int count)
    {
        Current.SetLength(Current.Length - count);
        _truncated = true;
        return this;
    }

    public RawTar NextLayer()
    {
        _layers.Add(new MemoryStream());
        return this;
    }

    public IEnumerable<MemoryStream> Layers()
    {
        foreach (var layer in _layers)
        {
            var bytes = layer.ToArray();
            var ended = layer == Current && _truncated ? bytes : [.. bytes, .. new byte[2 * BlockSize]];
            yield return new MemoryStream(ended);
        }
    }

    public static void SetChecksum(byte[] header)
    {
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (int)b);
        Put(header, 148, 8, Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 "));
    }

    private static string PaxRecord(string record)
    {
        var body = Encoding.UTF8.GetByteCount(record) + 2;
        var length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
        {
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{length} {record}\n");
    }

    private static byte[] Octal(long value, int digits) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(digits, '0') + "\0");

    private static void Put(byte[] header, int offset, int length, byte[] value) =>
        value.AsSpan(0, Math.Min(length, value.Length)).CopyTo(header.AsSpan(offset, length));
}
