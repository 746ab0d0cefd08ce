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
                // Recursive delete removes symlinks inside as links; it does not follow them.
                Directory.Delete(path, recursive: true);
                break;
            case FileSystemEntryKind.Symlink or FileSystemEntryKind.Other:
                File.Delete(path);
                break;
        }

        return kind;
    }
}
