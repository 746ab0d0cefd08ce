using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Snapshots;

/// <summary>
/// The fallback where overlay cannot be mounted: the command changes the stage root itself, and a
/// walk of the root before (<see cref="Capture"/>) and after (<see cref="Commit"/>) finds what it
/// changed, as kaniko does. A path is written when it is new or differs as <see cref="SnapshotMode"/>
/// says; gone when it was there before and its folder stayed; a folder recreated (new inode) or put
/// where a non-folder was is opaque and takes everything under it (a recreated folder that gets its old
/// inode number back is compared child by child instead, which gives the same tree); folders holding changes come
/// along with their metadata. Costs a walk of the whole root (and in full mode a hash of every file)
/// per RUN, which the overlay snapshotter avoids.
/// </summary>
internal sealed class WalkingSnapshotter(SnapshotIgnoreList ignore, SnapshotMode mode, bool reproducible)
{
    private const int DirectoryType = 0x4000;

    /// <summary>The state of the root before the command runs.</summary>
    public FileSystemWalk Capture(RootDirectory root) => FileSystemWalk.Capture(root.HostPath, ignore, mode);

    /// <summary>The layer of what changed since <paramref name="before"/> (what <see cref="Capture"/> returned).</summary>
    public IReadOnlyList<LayerEntry> Commit(FileSystemWalk before, RootDirectory root)
    {
        var changes = Changes(before, FileSystemWalk.Capture(root.HostPath, ignore, SnapshotMode.Redo), root.HostPath);
        return ChangedEntryLayer.Entries(changes.Select(change => change with { HostPath = root.HostPath + change.ImagePath }), reproducible);
    }

    private List<ChangedEntry> Changes(FileSystemWalk before, FileSystemWalk after, string rootHostPath)
    {
        var kinds = new SortedDictionary<string, ChangeKind>(StringComparer.Ordinal);
        var opaque = new List<string>();
        foreach (var (path, now) in after.Entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (UnderAny(path, opaque))
            {
                kinds[path] = now.Type == DirectoryType ? ChangeKind.Directory : ChangeKind.Written;
                continue;
            }

            before.Entries.TryGetValue(path, out var then);
            if (now.Type == DirectoryType)
            {
                if (then is not null && (then.Type != DirectoryType || then.Status.Inode != now.Status.Inode))
                {
                    kinds[path] = ChangeKind.OpaqueDirectory;
                    opaque.Add(path + "/");
                }
                else if (then is null || !SameMetadata(then, now))
                {
                    kinds[path] = ChangeKind.Directory;
                }
            }
            else if (then is null || Differs(then, now, rootHostPath + path))
            {
                kinds[path] = ChangeKind.Written;
            }
        }

        foreach (var path in before.Entries.Keys)
        {
            if (!after.Entries.ContainsKey(path) && ParentStayed(path, before, after))
            {
                kinds[path] = ChangeKind.Deleted;
            }
        }

        // Every folder above a change comes along, so the layer carries its owner and mode.
        foreach (var path in kinds.Keys.ToList())
        {
            for (var parent = Parent(path); parent.Length > 0 && !kinds.ContainsKey(parent); parent = Parent(parent))
            {
                kinds[parent] = ChangeKind.Directory;
            }
        }

        return kinds.Select(pair => new ChangedEntry(pair.Key, "", after.Entries.TryGetValue(pair.Key, out var now) ? now.Status : null, pair.Value)).ToList();
    }

    private bool Differs(WalkedEntry then, WalkedEntry now, string hostPath)
    {
        if (then.Type != now.Type)
        {
            return true;
        }

        if (mode == SnapshotMode.Time)
        {
            return then.Status.ModificationTime != now.Status.ModificationTime;
        }

        if (!SameMetadata(then, now) || then.LinkTarget != now.LinkTarget
            || (then.Status.DeviceMajor, then.Status.DeviceMinor) != (now.Status.DeviceMajor, now.Status.DeviceMinor)
            || then.Status.Size != now.Status.Size)
        {
            return true;
        }

        if (mode == SnapshotMode.Redo)
        {
            return then.Status.ModificationTime != now.Status.ModificationTime;
        }

        return now.Status.IsRegularFile && !then.ContentHash.AsSpan().SequenceEqual(FileSystemWalk.Hash(hostPath));
    }

    private bool SameMetadata(WalkedEntry then, WalkedEntry now) =>
        mode == SnapshotMode.Time
            ? then.Type == now.Type
            : (then.Status.Mode, then.Status.Uid, then.Status.Gid) == (now.Status.Mode, now.Status.Uid, now.Status.Gid);

    /// <summary>A deletion needs a whiteout only where its folder is still the same folder.</summary>
    private static bool ParentStayed(string path, FileSystemWalk before, FileSystemWalk after)
    {
        var parent = Parent(path);
        if (parent.Length == 0)
        {
            return true;
        }

        return before.Entries.TryGetValue(parent, out var then) && after.Entries.TryGetValue(parent, out var now)
            && then.Type == DirectoryType && now.Type == DirectoryType && then.Status.Inode == now.Status.Inode;
    }

    private static bool UnderAny(string path, List<string> folders) =>
        folders.Exists(folder => path.StartsWith(folder, StringComparison.Ordinal));

    private static string Parent(string path) => path[..Math.Max(path.LastIndexOf('/'), 0)];
}
