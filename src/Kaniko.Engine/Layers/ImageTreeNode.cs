namespace Kaniko.Engine.Layers;

/// <summary>
/// What extraction leaves at one path of an image, without file data. <see cref="Type"/> is one of
/// File, Directory, Symlink, CharacterDevice, BlockDevice or Fifo. <see cref="Mode"/> holds the
/// permission bits with setuid, setgid and sticky (a symlink's is 0777, as lstat reports it).
/// <see cref="ModificationTime"/> is null for a folder whose time extraction leaves as that of its
/// own writing: made because an entry's parent was missing (0755, root:root), or written into by a
/// later layer that did not declare it again. <see cref="Size"/> is a file's size; <see cref="Content"/>
/// is set only for the files a <see cref="LayerListing"/> keeps.
/// </summary>
internal sealed record ImageTreeNode(LayerEntryType Type, int Mode, int Uid, int Gid, DateTimeOffset? ModificationTime)
{
    public string? LinkTarget { get; init; }

    public long Size { get; init; }

    public byte[]? Content { get; init; }

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    public IReadOnlyDictionary<string, byte[]> ExtendedAttributes { get; init; } = LayerListingEntry.NoExtendedAttributes;
}
