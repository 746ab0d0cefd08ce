using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The base image's files for a root that was not extracted: each path is created on disk, as the
/// base's layers have it (type, mode, owner, time, link target), the first time a walk through the
/// root reaches it. Files come without data (only the few an instruction may read, such as
/// <c>/etc/passwd</c>, carry theirs), which is all a stage that never runs anything needs: what it
/// writes, and the folders above, are then exactly as on a fully extracted root.
/// </summary>
internal sealed class BaseFilesOnDemand(ImageTree tree, string rootHostPath) : IFilesOnDemand
{
    private const UnixFileMode PlaceholderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);

    /// <summary>Puts the base's entry for <paramref name="imagePath"/> at <paramref name="hostPath"/> unless it was visited before.</summary>
    public void Materialize(string imagePath, string hostPath)
    {
        if (!_visited.Add(imagePath) || tree.Find(imagePath) is not { } node
            || FileSystemEntries.Kind(hostPath) != FileSystemEntryKind.Missing)
        {
            return;
        }

        // Creating an entry changes its folder's time; the base's folder keeps the one it had.
        var parent = Path.GetDirectoryName(hostPath)!;
        var parentTime = FileStatus.Read(parent).ModificationTime;
        Create(hostPath, node);
        UnixSystemCalls.SetModificationTime(parent, parentTime);
    }

    /// <summary>Creates every entry of the base not visited yet, parents first.</summary>
    public void MaterializeAll()
    {
        foreach (var (path, _) in tree.Entries)
        {
            Materialize(path, rootHostPath + path);
        }
    }

    private static void Create(string hostPath, ImageTreeNode node)
    {
        switch (node.Type)
        {
            case LayerEntryType.Directory:
                Directory.CreateDirectory(hostPath);
                break;
            case LayerEntryType.Symlink:
                File.CreateSymbolicLink(hostPath, node.LinkTarget!);
                break;
            default:
                // Devices and fifos too: nothing reads them here, and a COPY onto one replaces it.
                using (var file = new FileStream(hostPath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PlaceholderMode }))
                {
                    file.Write(node.Content ?? []);
                }

                break;
        }

        FileOwnership.Set(hostPath, node.Uid, node.Gid);
        if (node.Type != LayerEntryType.Symlink)
        {
            File.SetUnixFileMode(hostPath, (UnixFileMode)node.Mode);
        }

        if (node.ModificationTime is { } time)
        {
            UnixSystemCalls.SetModificationTime(hostPath, time);
        }
    }
}
