using System.Globalization;
using System.Security.Cryptography;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Caching;

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

            foreach (var match in tree.Match(source).Where(match => !exclude.IsExcluded(tree.ToRelativePath(match))))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A source named directly is read through a link, as the copy reads it.
                lines.Add(Line(tree, match, followLink: true));
                if (Directory.Exists(match))
                {
                    Walk(tree, match, new CopySourceFilter(tree, exclude, match), lines, cancellationToken);
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static void Walk(BuildContextDirectory tree, string folder, CopySourceFilter filter, List<string> lines, CancellationToken cancellationToken)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var excluded = filter.IsExcluded(entry);
            if (!excluded)
            {
                lines.Add(Line(tree, entry, followLink: false));
            }

            var isFolder = new FileInfo(entry) is { LinkTarget: null } info && info.Attributes.HasFlag(FileAttributes.Directory);
            if (isFolder && (!excluded || filter.MayIncludeBeneathExcluded))
            {
                Walk(tree, entry, filter, lines, cancellationToken);
            }
        }
    }

    private static string Line(BuildContextDirectory tree, string hostPath, bool followLink)
    {
        var status = FileStatus.Read(hostPath);
        var link = status.IsSymbolicLink ? new FileInfo(hostPath).LinkTarget ?? "" : "";
        var content = status.IsRegularFile || (followLink && status.IsSymbolicLink && File.Exists(hostPath)) ? ContentHash(hostPath) : "";
        var type = status.IsSymbolicLink ? "link" : status.IsDirectory ? "dir" : status.IsRegularFile ? "file" : "other";
        return string.Join(
            '\0',
            tree.ToRelativePath(hostPath),
            type,
            Convert.ToString(status.Permissions, 8),
            string.Create(CultureInfo.InvariantCulture, $"{status.Uid}:{status.Gid}"),
            link,
            content);
    }

    private static string ContentHash(string hostPath)
    {
        using var stream = new FileStream(hostPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
