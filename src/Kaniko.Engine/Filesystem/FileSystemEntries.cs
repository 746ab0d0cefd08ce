namespace Kaniko.Engine.Filesystem;

/// <summary>Looks at and removes what is at a host path without following a symlink there.</summary>
internal static class FileSystemEntries
{
    public static FileSystemEntryKind Kind(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return FileSystemEntryKind.Symlink;
        }

        if (Directory.Exists(path))
        {
            return FileSystemEntryKind.Directory;
        }

        return info.Exists ? FileSystemEntryKind.Other : FileSystemEntryKind.Missing;
    }

    /// <summary>Removes what is at <paramref name="path"/>, a folder with everything in it; returns what it was.</summary>
    public static FileSystemEntryKind Remove(string path)
    {
        var kind = Kind(path);
        switch (kind)
        {
            case FileSystemEntryKind.Directory:
                RemoveTree(path);
                break;
            case FileSystemEntryKind.Symlink or FileSystemEntryKind.Other:
                File.Delete(path);
                break;
        }

        return kind;
    }

    /// <summary>
    /// Removes the folder <paramref name="path"/> and all in it, links inside as links (never
    /// followed), however deep: the BCL's recursive delete stops at PATH_MAX, and recursion at the
    /// stack's depth.
    /// </summary>
    public static void RemoveTree(string path)
    {
        var pending = new Stack<(string Folder, bool Emptied)>();
        pending.Push((path, false));
        while (pending.TryPop(out var top))
        {
            if (top.Emptied)
            {
                LongPath.With(top.Folder, Directory.Delete);
                continue;
            }

            pending.Push((top.Folder, true));
            LongPath.With(top.Folder, reachable =>
            {
                foreach (var entry in new DirectoryInfo(reachable).EnumerateFileSystemInfos())
                {
                    if (entry.Attributes.HasFlag(FileAttributes.Directory) && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        pending.Push((top.Folder + "/" + entry.Name, false));
                    }
                    else
                    {
                        entry.Delete();
                    }
                }
            });
        }
    }
}
