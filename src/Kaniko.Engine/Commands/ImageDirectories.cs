using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

internal static class ImageDirectories
{
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="pathInImage"/> and its missing parents inside the root, mode 0755 with
    /// the given owner, and returns the image paths it created (parents first).
    /// </summary>
    public static List<string> Create(RootDirectory root, string pathInImage, int uid, int gid)
    {
        var created = new List<string>();
        var current = "";
        var hostPath = root.HostPath;
        foreach (var part in RootDirectory.Normalize(pathInImage).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current += "/" + part;
            // One step from the folder before, not a walk from the top for each part.
            hostPath = root.ResolveChild(hostPath, part, followLink: true);
            switch (FileStatus.TryRead(hostPath))
            {
                case { IsDirectory: true }:
                    continue;
                case not null:
                    throw new KanikoException(FilesystemErrorCode.FileInTheWay, $"Cannot create the folder '{current}' in the image: a file of that name is in the way.");
            }

            LongPath.With(hostPath, path =>
            {
                Directory.CreateDirectory(path, DirectoryMode);
                File.SetUnixFileMode(path, DirectoryMode);
            });
            FileOwnership.Set(hostPath, uid, gid);
            created.Add(root.ToImagePath(hostPath));
        }

        return created;
    }
}
