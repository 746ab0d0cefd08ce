using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Snapshots;

/// <summary>One path as a walk saw it: its status, its link target and, in full mode, its content hash.</summary>
internal sealed record WalkedEntry(FileStatus Status, string? LinkTarget, byte[]? ContentHash)
{
    private const int TypeMask = 0xF000;

    public int Type => Status.Mode & TypeMask;
}
