using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Snapshots;

/// <summary>
/// Takes a layer from an overlay's upper folder, which holds exactly what a command changed:
/// whiteouts (0/0 character devices) become deletions, directories marked
/// <c>trusted.overlay.opaque=y</c> become opaque directories, and copied-up files keep metadata-only
/// changes. It then moves the upper folder's contents onto the stage root (rename on one file
/// system, so it costs what changed), leaving the root as the command left its view, and the layer's
/// files are read from there.
/// </summary>
public sealed class OverlaySnapshotter(SnapshotIgnoreList ignore, bool reproducible)
{
    private const string OpaqueAttribute = "trusted.overlay.opaque";

    public IReadOnlyList<LayerEntry> Commit(string upperDirectory, RootDirectory root)
    {
        var changes = new List<ChangedEntry>();
        Collect(upperDirectory, "", changes);
        changes = WithoutCopyUpsOfIgnoredPaths(changes, root);
        Apply(changes, root);
        return ChangedEntryLayer.Entries(changes.Select(change => change with { HostPath = root.HostPath + change.ImagePath }), reproducible);
    }

    private void Collect(string upperFolder, string imageFolder, List<ChangedEntry> changes)
    {
        var children = Directory.EnumerateFileSystemEntries(upperFolder).Order(StringComparer.Ordinal);
        foreach (var hostPath in children)
        {
            var imagePath = imageFolder + "/" + Path.GetFileName(hostPath);
            if (ignore.Ignores(imagePath))
            {
                continue;
            }

            var status = FileStatus.Read(hostPath);
            if (status is { IsCharacterDevice: true, DeviceMajor: 0, DeviceMinor: 0 })
            {
                changes.Add(new ChangedEntry(imagePath, hostPath, status, ChangeKind.Deleted));
            }
            else if (status.IsDirectory)
            {
                var opaque = UnixSystemCalls.GetExtendedAttribute(hostPath, OpaqueAttribute) is [(byte)'y'];
                changes.Add(new ChangedEntry(imagePath, hostPath, status, opaque ? ChangeKind.OpaqueDirectory : ChangeKind.Directory));
                Collect(hostPath, imagePath, changes);
            }
            else if (!status.IsSocket)
            {
                changes.Add(new ChangedEntry(imagePath, hostPath, status, ChangeKind.Written));
            }
        }
    }

    /// <summary>
    /// Overlay copies a directory up when the sandbox mounts something inside it (/etc for
    /// /etc/hosts): such a directory, with nothing else changed below it and its owner and mode as
    /// before, is not a change of the command's.
    /// </summary>
    private static List<ChangedEntry> WithoutCopyUpsOfIgnoredPaths(List<ChangedEntry> changes, RootDirectory root)
    {
        var kept = new List<ChangedEntry>(changes.Count);
        var withKeptChildren = new HashSet<string>(StringComparer.Ordinal);
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var change = changes[i];
            if (change.Kind == ChangeKind.Directory && !withKeptChildren.Contains(change.ImagePath) && SameAsBefore(change, root))
            {
                continue;
            }

            kept.Add(change);
            var slash = change.ImagePath.LastIndexOf('/');
            if (slash > 0)
            {
                withKeptChildren.Add(change.ImagePath[..slash]);
            }
        }

        kept.Reverse();
        return kept;
    }

    private static bool SameAsBefore(ChangedEntry change, RootDirectory root) =>
        FileStatus.TryRead(root.HostPath + change.ImagePath) is { IsDirectory: true } before
        && change.Status is { } now
        && (before.Uid, before.Gid, before.Permissions) == (now.Uid, now.Gid, now.Permissions);

    private static void Apply(List<ChangedEntry> changes, RootDirectory root)
    {
        var directories = new List<ChangedEntry>();
        foreach (var change in changes)
        {
            // Parents were made real directories before their children, so this path stays inside the root.
            var target = root.HostPath + change.ImagePath;
            switch (change.Kind)
            {
                case ChangeKind.Deleted:
                    FileSystemEntries.Remove(target);
                    break;
                case ChangeKind.Directory or ChangeKind.OpaqueDirectory:
                    if (change.Kind == ChangeKind.OpaqueDirectory || FileSystemEntries.Kind(target) != FileSystemEntryKind.Directory)
                    {
                        FileSystemEntries.Remove(target);
                    }

                    Directory.CreateDirectory(target);
                    directories.Add(change);
                    break;
                default:
                    FileSystemEntries.Remove(target);
                    UnixSystemCalls.Rename(change.HostPath, target);
                    break;
            }
        }

        // Children first: writing into a directory changes its mtime.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var status = directories[i].Status!.Value;
            var target = root.HostPath + directories[i].ImagePath;
            UnixSystemCalls.ChangeOwner(target, status.Uid, status.Gid);
            File.SetUnixFileMode(target, (UnixFileMode)status.Permissions);
            UnixSystemCalls.SetModificationTime(target, status.ModificationTime);
        }
    }
}
