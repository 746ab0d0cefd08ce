using System.Globalization;
using System.Security.Cryptography;
using Kaniko.Engine.Filesystem;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>
/// An unpacked root filesystem as lines <c>path type mode uid:gid linktarget sha256</c> (<c>-</c> where
/// a field does not apply), keyed by path.
/// </summary>
internal static class UnpackedTree
{
    public static SortedDictionary<string, string> Read(string rootfs)
    {
        var lines = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(rootfs, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var imagePath = "/" + Path.GetRelativePath(rootfs, path).Replace('\\', '/');
            lines[imagePath] = Describe(imagePath, path);
        }

        return lines;
    }

    private static string Describe(string imagePath, string hostPath)
    {
        var status = FileStatus.Read(hostPath);
        var type = status.IsDirectory ? "dir" : status.IsSymbolicLink ? "symlink" : status.IsRegularFile ? "file" : "other";
        var link = status.IsSymbolicLink ? new FileInfo(hostPath).LinkTarget! : "-";
        var hash = status.IsRegularFile ? Sha256(hostPath) : "-";
        var mode = Convert.ToString(status.Permissions, 8).PadLeft(4, '0');
        return string.Create(CultureInfo.InvariantCulture, $"{imagePath} {type} {mode} {status.Uid}:{status.Gid} {link} {hash}");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}
