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
}
