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
    /// stack's depth. Each entry is removed relative to its open folder, so depth costs nothing extra.
    /// </summary>
    public static void RemoveTree(string path)
    {
        var emptying = new Stack<(FolderHandle Folder, string Name, Stack<string> Subfolders)>();
        try
        {
            var top = FolderHandle.Open(path);
            var topSubfolders = new Stack<string>();
            emptying.Push((top, "", topSubfolders));
            RemoveAllButFolders(top, topSubfolders);
            while (emptying.TryPeek(out var current))
            {
                if (current.Subfolders.TryPop(out var name))
                {
                    var folder = current.Folder.OpenFolder(name);
                    var subfolders = new Stack<string>();
                    emptying.Push((folder, name, subfolders));
                    RemoveAllButFolders(folder, subfolders);
                    continue;
                }

                emptying.Pop().Folder.Dispose();
                if (emptying.TryPeek(out var parent))
                {
                    parent.Folder.DeleteEmptyFolder(current.Name);
                }
            }
        }
        finally
        {
            foreach (var (folder, _, _) in emptying)
            {
                folder.Dispose();
            }
        }

        LongPath.With(path, Directory.Delete);
    }

    /// <summary>Removes what is in <paramref name="folder"/> but folders, and names those in <paramref name="subfolders"/>.</summary>
    private static void RemoveAllButFolders(FolderHandle folder, Stack<string> subfolders)
    {
        foreach (var name in folder.Names())
        {
            if (!folder.TryDeleteNonFolder(name))
            {
                subfolders.Push(name);
            }
        }
    }
}
