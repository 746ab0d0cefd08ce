using System.Security.Cryptography;
using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The cache file of a <see cref="LayerListing"/>: a magic, a version, the body's length and its
/// SHA-256, then the body, so a file cut short or damaged is refused rather than half read.
/// </summary>
internal static class LayerListingFormat
{
    private const int Version = 1;
    private const int HashLength = 32;
    private const int MaxBodyLength = 1 << 30;
    private const int MaxCount = 1 << 24;

    private static readonly byte[] Magic = "KNKLSTNG"u8.ToArray();

    public static void Write(LayerListing listing, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(listing.Entries.Count);
            foreach (var entry in listing.Entries)
            {
                WriteEntry(writer, entry);
            }
        }

        using (var header = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            header.Write(Magic);
            header.Write(Version);
            header.Write(body.Length);
            header.Write(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }

        stream.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    public static LayerListing Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var header = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!header.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw Damaged("it is not a layer listing");
            }

            if (header.ReadInt32() is var version && version != Version)
            {
                throw Damaged($"it has format version {version}, this Kaniko reads {Version}");
            }

            var length = header.ReadInt64();
            if (length is < sizeof(int) or > MaxBodyLength)
            {
                throw Damaged($"it declares a body of {length} bytes");
            }

            var hash = header.ReadBytes(HashLength);
            var body = new byte[length];
            stream.ReadExactly(body);
            if (hash.Length != HashLength || !SHA256.HashData(body).AsSpan().SequenceEqual(hash))
            {
                throw Damaged("its content does not match its hash");
            }

            if (stream.ReadByte() != -1)
            {
                throw Damaged("it goes on after its body");
            }

            using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
            var count = Count(reader.ReadInt32(), "entries");
            var entries = new List<LayerListingEntry>(count);
            for (var index = 0; index < count; index++)
            {
                entries.Add(ReadEntry(reader));
            }

            return reader.BaseStream.Position == body.Length ? new LayerListing(entries) : throw Damaged("it has bytes after its last entry");
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException or ArgumentException or FormatException or OverflowException)
        {
            throw Damaged($"it is cut short or malformed ({exception.Message})", exception);
        }
    }

    private static void WriteEntry(BinaryWriter writer, LayerListingEntry entry)
    {
        writer.Write((byte)entry.Type);
        writer.Write(entry.Components.Count);
        foreach (var component in entry.Components)
        {
            writer.Write(component);
        }

        writer.Write(entry.Mode);
        writer.Write(entry.Uid);
        writer.Write(entry.Gid);
        writer.Write(entry.ModificationTime.UtcTicks);
        writer.Write(entry.LinkName);
        writer.Write(entry.Size);
        writer.Write(entry.DeviceMajor);
        writer.Write(entry.DeviceMinor);
        writer.Write(entry.ExtendedAttributes.Count);
        foreach (var (name, value) in entry.ExtendedAttributes)
        {
            writer.Write(name);
            writer.Write(value.Length);
            writer.Write(value);
        }

        writer.Write(entry.Content is not null);
        if (entry.Content is { } content)
        {
            writer.Write(content.Length);
            writer.Write(content);
        }
    }

    private static LayerListingEntry ReadEntry(BinaryReader reader)
    {
        var type = (LayerEntryType)reader.ReadByte();
        if (!Enum.IsDefined(type))
        {
            throw Damaged($"it has an entry of unknown type {(int)type}");
        }

        var components = new string[Count(reader.ReadInt32(), "components")];
        for (var index = 0; index < components.Length; index++)
        {
            components[index] = reader.ReadString();
        }

        if (components.Length == 0)
        {
            throw Damaged("it has an entry without a name");
        }

        var entry = new LayerListingEntry(
            components, type, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
            new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero), reader.ReadString(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32());
        var attributeCount = Count(reader.ReadInt32(), "extended attributes");
        var attributes = attributeCount == 0 ? LayerListingEntry.NoExtendedAttributes : new Dictionary<string, byte[]>(attributeCount, StringComparer.Ordinal);
        for (var index = 0; index < attributeCount; index++)
        {
            ((Dictionary<string, byte[]>)attributes).Add(reader.ReadString(), Bytes(reader));
        }

        return entry with
        {
            ExtendedAttributes = attributes,
            Content = reader.ReadBoolean() ? Bytes(reader) : null,
        };
    }

    private static byte[] Bytes(BinaryReader reader)
    {
        var length = Count(reader.ReadInt32(), "bytes");
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }

    private static int Count(int value, string what) =>
        value is >= 0 and <= MaxCount ? value : throw Damaged($"it declares {value} {what}");

    private static KanikoException Damaged(string reason, Exception? inner = null) =>
        new(LayerErrorCode.ListingDamaged, $"The cached layer listing cannot be read: {reason}.", inner);
}
