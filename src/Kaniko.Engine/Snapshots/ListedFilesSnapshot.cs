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
            for (var slash = normalized.IndexOf('/', 1); slash > 0; slash = normalized.IndexOf('/', slash + 1))
            {
                paths.Add(normalized[..slash]);
            }

            if (normalized != "/")
            {
                paths.Add(normalized);
            }
        }

        return paths.Select(path => ToEntry(root, path, reproducible)).ToList();
    }

    private static LayerEntry ToEntry(RootDirectory root, string imagePath, bool reproducible)
    {
        var hostPath = root.HostPath + imagePath;
        var status = FileStatus.Read(hostPath);
        var type = status switch
        {
            { IsDirectory: true } => LayerEntryType.Directory,
            { IsSymbolicLink: true } => LayerEntryType.Symlink,
            { IsRegularFile: true } => LayerEntryType.File,
            _ => throw new KanikoException("KANIKO2301", $"'{imagePath}' is neither a file, a folder nor a link; it cannot go into a layer yet."),
        };
        return new LayerEntry(imagePath.TrimStart('/'), type, status.Permissions, status.Uid, status.Gid)
        {
            SourcePath = type == LayerEntryType.File ? hostPath : null,
            LinkTarget = type == LayerEntryType.Symlink ? new FileInfo(hostPath).LinkTarget : null,
            ModificationTime = reproducible ? null : status.ModificationTime,
        };
    }
}
