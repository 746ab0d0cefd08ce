namespace Kaniko.Engine.Snapshots;

/// <summary>
/// Image paths no snapshot takes, with everything under them: the kernel's and the sandbox's mounts
/// (/proc, /sys, /dev) and the host files bound in read-only (/etc/hosts, /etc/resolv.conf).
/// </summary>
public sealed class SnapshotIgnoreList(IEnumerable<string> paths)
{
    private readonly HashSet<string> _paths = new(paths, StringComparer.Ordinal);

    public static SnapshotIgnoreList Sandbox { get; } = new(["/proc", "/sys", "/dev", "/etc/hosts", "/etc/resolv.conf"]);

    /// <summary>This list and <paramref name="more"/> (e.g. one RUN's mount targets).</summary>
    public SnapshotIgnoreList With(IEnumerable<string> more) => new(_paths.Concat(more));

    /// <summary>Whether <paramref name="imagePath"/> (absolute, normalized) is listed or lies under a listed path.</summary>
    public bool Ignores(string imagePath)
    {
        for (var path = imagePath; path.Length > 1; path = path[..Math.Max(path.LastIndexOf('/'), 1)])
        {
            if (_paths.Contains(path))
            {
                return true;
            }
        }

        return false;
    }
}
