namespace Kaniko.Engine.Sandbox;

/// <summary>
/// The mount points the sandbox creates in its root when the image lacks them (/proc, /sys, /dev, /etc and
/// the host files bound read-only). Over an overlay they land in the upper folder, which the
/// snapshotter ignores; on the root itself (the walking snapshotter) they are removed afterwards, so
/// the root holds only what the command did.
/// </summary>
internal static class SandboxPlaceholders
{
    // Parents before children; removed in the reverse order.
    private static readonly string[] Paths = ["/proc", "/sys", "/dev", "/etc", "/etc/hosts", "/etc/resolv.conf"];

    public static IReadOnlyList<string> Missing(string rootHostPath) =>
        Paths.Where(path => !Path.Exists(rootHostPath + path)).ToList();

    /// <summary>Removes each of <paramref name="missing"/> (parents first) that is now an empty file or folder, children first.</summary>
    public static void Remove(string rootHostPath, IEnumerable<string> missing)
    {
        foreach (var path in missing.Reverse())
        {
            var hostPath = rootHostPath + path;
            if (File.Exists(hostPath) && new FileInfo(hostPath) is { Length: 0, LinkTarget: null })
            {
                File.Delete(hostPath);
            }
            else if (Directory.Exists(hostPath) && new DirectoryInfo(hostPath).LinkTarget is null && !Directory.EnumerateFileSystemEntries(hostPath).Any())
            {
                Directory.Delete(hostPath);
            }
        }
    }
}
