namespace Kaniko.Engine.Filesystem;

/// <summary>What is at a host path, looked at without following a symlink there.</summary>
internal enum FileSystemEntryKind
{
    Missing,
    Directory,
    Symlink,
    Other,
}
