using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Snapshots;

/// <summary>Turns changed paths, read where they now lie, into layer entries.</summary>
internal static class ChangedEntryLayer
{
    private const string OverlayAttributePrefix = "trusted.overlay.";

    public static List<LayerEntry> Entries(IEnumerable<ChangedEntry> changes, bool reproducible)
    {
        var entries = new List<LayerEntry>();
        foreach (var change in changes)
        {
            switch (change.Kind)
            {
                case ChangeKind.Deleted:
                    entries.Add(LayerEntry.Whiteout(change.LayerPath));
                    break;
                case ChangeKind.OpaqueDirectory:
                    entries.Add(LayerEntry.OpaqueDirectory(change.LayerPath));
                    entries.Add(ToEntry(change, reproducible));
                    break;
                default:
                    entries.Add(ToEntry(change, reproducible));
                    break;
            }
        }

        return entries;
    }

    private static LayerEntry ToEntry(ChangedEntry change, bool reproducible)
    {
        var status = FileStatus.Read(change.HostPath);
        var type = status switch
        {
            { IsDirectory: true } => LayerEntryType.Directory,
            { IsSymbolicLink: true } => LayerEntryType.Symlink,
            { IsRegularFile: true } => LayerEntryType.File,
            { IsCharacterDevice: true } => LayerEntryType.CharacterDevice,
            { IsBlockDevice: true } => LayerEntryType.BlockDevice,
            _ => LayerEntryType.Fifo,
        };
        return new LayerEntry(change.LayerPath, type, status.Permissions, status.Uid, status.Gid)
        {
            SourcePath = type == LayerEntryType.File ? change.HostPath : null,
            LinkTarget = type == LayerEntryType.Symlink ? new FileInfo(change.HostPath).LinkTarget : null,
            ModificationTime = reproducible ? null : status.ModificationTime,
            DeviceMajor = status.DeviceMajor,
            DeviceMinor = status.DeviceMinor,
            ExtendedAttributes = type == LayerEntryType.Symlink ? null : Attributes(change.HostPath),
        };
    }

    private static Dictionary<string, byte[]>? Attributes(string path)
    {
        Dictionary<string, byte[]>? attributes = null;
        foreach (var name in UnixSystemCalls.ListExtendedAttributes(path))
        {
            if (!name.StartsWith(OverlayAttributePrefix, StringComparison.Ordinal) && UnixSystemCalls.GetExtendedAttribute(path, name) is { } value)
            {
                (attributes ??= new(StringComparer.Ordinal))[name] = value;
            }
        }

        return attributes;
    }
}
