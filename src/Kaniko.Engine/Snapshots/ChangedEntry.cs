using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Snapshots;

/// <summary>One path of a change set: where it now is on the host, what it is, and how it changed.</summary>
internal sealed record ChangedEntry(string ImagePath, string HostPath, FileStatus? Status, ChangeKind Kind)
{
    public string LayerPath => ImagePath.TrimStart('/');
}
