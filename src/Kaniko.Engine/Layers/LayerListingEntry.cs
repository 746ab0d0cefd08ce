namespace Kaniko.Engine.Layers;

/// <summary>
/// One entry of a layer as its tar has it, without data. <see cref="Components"/> is the name as
/// <see cref="LayerEntryName.Split"/> splits it (never empty: the root entry is not listed).
/// <see cref="LinkName"/> is a symlink's target or a hard link's in-layer path, as written.
/// <see cref="Content"/> is kept only for the few files a build reads (see <see cref="LayerListing"/>).
/// </summary>
internal sealed record LayerListingEntry(
    IReadOnlyList<string> Components,
    LayerEntryType Type,
    int Mode,
    int Uid,
    int Gid,
    DateTimeOffset ModificationTime,
    string LinkName,
    long Size,
    int DeviceMajor,
    int DeviceMinor)
{
    public static readonly IReadOnlyDictionary<string, byte[]> NoExtendedAttributes = new Dictionary<string, byte[]>();

    public IReadOnlyDictionary<string, byte[]> ExtendedAttributes { get; init; } = NoExtendedAttributes;

    public byte[]? Content { get; init; }

    /// <summary>The components joined with "/" ("usr/lib/x.so").</summary>
    public string Path => string.Join('/', Components);

    /// <summary>The last component; for a whiteout the ".wh."-prefixed name itself.</summary>
    public string Name => Components[^1];
}
