namespace Kaniko.Engine.Layers;

public enum LayerEntryType
{
    File,
    Directory,
    Symlink,
    Hardlink,
    CharacterDevice,
    BlockDevice,
    Fifo,

    /// <summary>The path was deleted: written as "dir/.wh.name".</summary>
    Whiteout,

    /// <summary>The directory's lower contents are hidden: written as "dir/.wh..wh..opq" before its other children.</summary>
    OpaqueDirectory,
}
