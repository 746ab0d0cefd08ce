namespace Kaniko.Engine.Layers;

/// <summary>
/// One entry of a layer. <see cref="Path"/> is relative with forward slashes, without a leading
/// "/" or "./", and without a trailing slash for directories (for example "app/App.dll").
/// <see cref="Mode"/> holds the permission bits including setuid, setgid and sticky (for example 0o4755).
/// </summary>
public sealed record LayerEntry(string Path, LayerEntryType Type, int Mode, int Uid, int Gid)
{
    /// <summary>The file whose content is written, for <see cref="LayerEntryType.File"/>.</summary>
    public string? SourcePath { get; init; }

    /// <summary>The link target: any text for a symlink, an in-layer path for a hardlink.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Null means the writer's fixed time.</summary>
    public DateTimeOffset? ModificationTime { get; init; }

    public int DeviceMajor { get; init; }

    public int DeviceMinor { get; init; }

    /// <summary>Written as PAX "SCHILY.xattr.*" records (for example "security.capability").</summary>
    public IReadOnlyDictionary<string, byte[]>? ExtendedAttributes { get; init; }

    /// <summary>The path was deleted since the layer below.</summary>
    public static LayerEntry Whiteout(string path) => new(path, LayerEntryType.Whiteout, 0, 0, 0);

    /// <summary>The directory stays, but nothing of the layers below shows through it.</summary>
    public static LayerEntry OpaqueDirectory(string path) => new(path, LayerEntryType.OpaqueDirectory, 0, 0, 0);
}
