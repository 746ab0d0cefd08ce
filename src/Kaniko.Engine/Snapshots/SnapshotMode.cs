namespace Kaniko.Engine.Snapshots;

/// <summary>
/// What the walking snapshotter compares to tell a changed file (kaniko's <c>--snapshot-mode</c>).
/// Folders always compare type, mode and owner, and count as changed when anything under them did.
/// </summary>
public enum SnapshotMode
{
    /// <summary>Type, mode, owner, link target and a hash of the content: slow, misses nothing but a same-content rewrite.</summary>
    Full,

    /// <summary>Type, mode, owner, link target, size and mtime: fast, misses a same-size rewrite within one mtime tick.</summary>
    Redo,

    /// <summary>Type and mtime only: fastest, misses chmod and chown.</summary>
    Time,
}
