namespace Kaniko.Engine.Filesystem;

/// <summary>Stable codes of the errors raised while resolving paths inside a root folder.</summary>
internal static class FilesystemErrorCode
{
    public const string TooManySymlinks = "KANIKO2003";
    public const string ParentNotDirectory = "KANIKO2004";
}
