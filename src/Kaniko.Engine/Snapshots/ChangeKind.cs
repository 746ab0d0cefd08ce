namespace Kaniko.Engine.Snapshots;

internal enum ChangeKind
{
    /// <summary>The path was deleted.</summary>
    Deleted,

    /// <summary>A directory that stays, with its metadata as now.</summary>
    Directory,

    /// <summary>A directory whose lower contents are all gone (deleted and made again).</summary>
    OpaqueDirectory,

    /// <summary>A file, link, device or fifo, new or changed.</summary>
    Written,
}
