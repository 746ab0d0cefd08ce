namespace Kaniko.Engine.Filesystem;

/// <summary>Sets owners on paths without following links; only root may give files away.</summary>
public static class FileOwnership
{
    public static bool CanChangeOwner { get; } = OperatingSystem.IsLinux() && UnixSystemCalls.Geteuid() == 0;

    public static void Set(string path, int uid, int gid)
    {
        if (CanChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(path, uid, gid);
        }
    }

    /// <summary><see cref="Set(string, int, int)"/> of <paramref name="name"/> in a folder held open.</summary>
    internal static void Set(FolderHandle folder, string name, int uid, int gid)
    {
        if (CanChangeOwner)
        {
            folder.SetOwner(name, uid, gid);
        }
    }
}
