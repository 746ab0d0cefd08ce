using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The symbolic links of one layer, created only when the layer's last entry is applied. Until then
/// an empty placeholder file holds each link's place, so a later entry of the same layer cannot be
/// redirected through a link (it finds a file where it wanted a folder and is refused), and an
/// entry that replaces the link removes the placeholder, which tells the link it lost its place.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class DeferredSymlinks(bool canChangeOwner)
{
    private readonly List<Pending> _pending = [];

    private sealed record Pending(string HostPath, string Target, int Uid, int Gid, DateTimeOffset ModificationTime, long PlaceholderInode);

    public void Add(string hostPath, string target, int uid, int gid, DateTimeOffset modificationTime)
    {
        Forget(hostPath);
        FileSystemEntries.Remove(hostPath);
        var placeholder = new FileStream(hostPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.None,
        });
        placeholder.Dispose();
        _pending.Add(new Pending(hostPath, target, uid, gid, modificationTime, FileStatus.Read(hostPath).Inode));
    }

    /// <summary>Whether <paramref name="hostPath"/> is a placeholder; a hard link to it links the same symlink.</summary>
    public bool TryGetTarget(string hostPath, out string target)
    {
        var status = FileStatus.TryRead(hostPath);
        var pending = status is { IsRegularFile: true, Size: 0 }
            ? _pending.FindLast(candidate => candidate.PlaceholderInode == status.Value.Inode && candidate.HostPath == hostPath)
            : null;
        target = pending?.Target ?? string.Empty;
        return pending is not null;
    }

    /// <summary>An entry of the layer replaced what stands at <paramref name="hostPath"/>, and so anything beneath it.</summary>
    public void Forget(string hostPath) =>
        _pending.RemoveAll(link => link.HostPath == hostPath || link.HostPath.StartsWith(hostPath + "/", StringComparison.Ordinal));

    public void CreateAll()
    {
        foreach (var link in _pending)
        {
            // A later entry of the layer may have replaced the placeholder, or a parent of it.
            var status = FileStatus.TryRead(link.HostPath);
            if (status is not { IsRegularFile: true, Size: 0 } || status.Value.Inode != link.PlaceholderInode)
            {
                continue;
            }

            File.Delete(link.HostPath);
            File.CreateSymbolicLink(link.HostPath, link.Target);
            if (canChangeOwner)
            {
                UnixSystemCalls.ChangeOwner(link.HostPath, link.Uid, link.Gid);
            }

            UnixSystemCalls.SetModificationTime(link.HostPath, link.ModificationTime);
        }

        _pending.Clear();
    }
}
