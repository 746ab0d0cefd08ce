using System.Globalization;
using System.Security.Cryptography;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// What a COPY or ADD reads, as key fields: one line per source entry (after .dockerignore and
/// <c>--exclude</c>, walking folders as the copy does), <c>PATH TYPE MODE UID:GID LINK SHA256</c>
/// separated by NUL, PATH relative to the tree's top. Modification times are left out on purpose:
/// a touched but unchanged file still hits.
/// </summary>
internal static class CopySourceFingerprint
{
    /// <summary>The entries' lines, sorted; null when a source escapes the tree (the copy will fail and say why).</summary>
    public static List<string>? Lines(BuildContextDirectory tree, IReadOnlyList<string> sources, DockerignoreMatcher exclude, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var source in sources)
        {
            if (BuildContextDirectory.EscapesTop(source))
            {
                return null;
            }

            foreach (var (match, namedPath) in tree.Match(source).Where(match => !exclude.IsExcluded(tree.ToRelativePath(match.HostPath))))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var status = FileStatus.Read(match);
                var (parent, name) = FolderHandle.OpenParent(match);
                using (parent)
                {
                    lines.Add(Line(tree, parent, name, status, namedPath));
                    if (status.IsDirectory)
                    {
                        using var folder = parent.OpenFolder(name);
                        Walk(tree, folder, new CopySourceFilter(tree, exclude, match), lines, cancellationToken);
                    }
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Each entry is read relative to its open folder: a deep tree costs its size, not size times depth.</summary>
    private static void Walk(BuildContextDirectory tree, FolderHandle folder, CopySourceFilter filter, List<string> lines, CancellationToken cancellationToken)
    {
        foreach (var name in folder.Names())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (folder.Status(name) is not { IsSocket: false } status)
            {
                continue;
            }

            var excluded = filter.IsExcluded(folder.PathOf(name));
            if (!excluded)
            {
                lines.Add(Line(tree, folder, name, status));
            }

            if (status.IsDirectory && (!excluded || filter.MayIncludeBeneathExcluded))
            {
                using var child = folder.OpenFolder(name);
                Walk(tree, child, filter, lines, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Only regular files are read: a pipe would wait for a writer, a device could be endless. The
    /// path is where the source was found (<paramref name="namedPath"/>): a followed link names the copy.
    /// </summary>
    private static string Line(BuildContextDirectory tree, FolderHandle folder, string name, FileStatus status, string? namedPath = null)
    {
        var link = status.IsSymbolicLink ? folder.ReadLink(name) : "";
        var content = status.IsRegularFile ? ContentHash(folder, name) : "";
        var type = status switch
        {
            { IsSymbolicLink: true } => "link",
            { IsDirectory: true } => "dir",
            { IsRegularFile: true } => "file",
            { IsFifo: true } => "fifo",
            _ => string.Create(CultureInfo.InvariantCulture, $"{(status.IsCharacterDevice ? "char" : "block")} {status.DeviceMajor}:{status.DeviceMinor}"),
        };
        return string.Join(
            '\0',
            tree.ToRelativePath(namedPath ?? folder.PathOf(name)),
            type,
            Convert.ToString(status.Permissions, 8),
            string.Create(CultureInfo.InvariantCulture, $"{status.Uid}:{status.Gid}"),
            link,
            content);
    }

    private static string ContentHash(FolderHandle folder, string name)
    {
        using var stream = new FileStream(folder.OpenRead(name), FileAccess.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
