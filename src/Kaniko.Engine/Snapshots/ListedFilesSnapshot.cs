using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Snapshots;

/// <summary>
/// A layer made of exactly the paths an instruction reports it wrote, plus their parent folders
/// (so the layer carries their owners and modes), read from the stage's root as they are now.
/// </summary>
public static class ListedFilesSnapshot
{
    public static IReadOnlyList<LayerEntry> Entries(RootDirectory root, IEnumerable<string> imagePaths, bool reproducible)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in imagePaths)
        {
            var normalized = RootDirectory.Normalize(path);
            if (normalized == "/" || !paths.Add(normalized))
            {
                continue;
            }

            // Deepest parent first: once one is there, so are all above it (a deep tree costs its size, not size times depth).
            var slash = normalized.LastIndexOf('/');
            while (slash > 0 && paths.Add(normalized[..slash]))
            {
                slash = normalized.LastIndexOf('/', slash - 1);
            }
        }

        // Each entry is read relative to its open folder: a deep tree costs its size, not size times depth.
        using var folders = new OpenFolderPath(root.HostPath);
        return paths.Select(path => ToEntry(root, folders, path, reproducible)).ToList();
    }

    private static LayerEntry ToEntry(RootDirectory root, OpenFolderPath folders, string imagePath, bool reproducible)
    {
        var hostPath = root.HostPath + imagePath;
        var slash = imagePath.LastIndexOf('/');
        var folder = folders.At(slash == 0 ? "" : imagePath[1..slash]);
        var name = imagePath[(slash + 1)..];
        var status = folder.Status(name) ?? throw new FileNotFoundException($"'{hostPath}' does not exist.", hostPath);
        var type = status switch
        {
            { IsDirectory: true } => LayerEntryType.Directory,
            { IsSymbolicLink: true } => LayerEntryType.Symlink,
            { IsRegularFile: true } => LayerEntryType.File,
            { IsFifo: true } => LayerEntryType.Fifo,
            { IsCharacterDevice: true } => LayerEntryType.CharacterDevice,
            { IsBlockDevice: true } => LayerEntryType.BlockDevice,
            _ => throw new KanikoException(SnapshotErrorCode.SocketInLayer, $"'{imagePath}' is a socket; it cannot go into a layer."),
        };
        return new LayerEntry(imagePath.TrimStart('/'), type, status.Permissions, status.Uid, status.Gid)
        {
            SourcePath = type == LayerEntryType.File ? hostPath : null,
            LinkTarget = type == LayerEntryType.Symlink ? folder.ReadLink(name) : null,
            ModificationTime = reproducible ? null : status.ModificationTime,
            DeviceMajor = status.DeviceMajor,
            DeviceMinor = status.DeviceMinor,
        };
    }
}
