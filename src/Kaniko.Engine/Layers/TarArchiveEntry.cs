namespace Kaniko.Engine.Layers;

/// <summary>
/// One entry as <see cref="TarArchiveReader"/> read it, with every extension (PAX, GNU long names,
/// GNU sparse) already folded in. <see cref="Size"/> is the size of the file it stands for;
/// <see cref="Data"/> yields the archived bytes, which for a sparse file are only its
/// <see cref="SparseMap"/>'s fragments.
/// </summary>
internal sealed record TarArchiveEntry(
    string Name,
    char Type,
    string LinkName,
    int Mode,
    int Uid,
    int Gid,
    long Size,
    DateTimeOffset ModificationTime,
    int DeviceMajor,
    int DeviceMinor,
    IReadOnlyDictionary<string, byte[]> ExtendedAttributes,
    IReadOnlyList<SparseFragment>? SparseMap)
{
    public Stream Data { get; init; } = Stream.Null;

    public bool IsRegularFile => Type is '0' or '\0' or '7';
}
