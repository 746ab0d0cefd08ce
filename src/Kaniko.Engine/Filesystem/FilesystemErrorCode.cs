namespace Kaniko.Engine.Filesystem;

/// <summary>Stable codes of the errors raised while resolving paths inside a root folder.</summary>
internal static class FilesystemErrorCode
{
    public const string TooManySymlinks = "KANIKO2003";
    public const string ParentNotDirectory = "KANIKO2004";

    /// <summary>USER or --chown names a user missing from the image's /etc/passwd.</summary>
    public const string UnknownUser = "KANIKO2201";

    /// <summary>USER or --chown names a group missing from the image's /etc/group.</summary>
    public const string UnknownGroup = "KANIKO2202";

    /// <summary>A folder cannot be created in the image: a file is in the way.</summary>
    public const string FileInTheWay = "KANIKO2203";

    /// <summary>A file cannot be copied onto a folder in the image.</summary>
    public const string FolderInTheWay = "KANIKO2204";

    /// <summary>Another process held a cache or work folder's lock for too long.</summary>
    public const string LockTimeout = "KANIKO4708";
}
