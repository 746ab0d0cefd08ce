namespace Kaniko.Engine.Filesystem;

/// <summary>
/// A folder that stands for an image's <c>/</c>. Every path is resolved inside it as chroot would:
/// a symbolic link's absolute target and every <c>..</c> stop at the root, so no path escapes it.
/// </summary>
public sealed class RootDirectory
{
    private const int MaxLinksFollowed = 255;

    public RootDirectory(string path)
    {
        HostPath = System.IO.Path.GetFullPath(path).TrimEnd('/');
    }

    public string HostPath { get; }

    /// <summary>Cleans an image path lexically: absolute, no <c>.</c>, <c>..</c> clamped at <c>/</c>.</summary>
    public static string Normalize(string pathInImage)
    {
        var parts = new List<string>();
        foreach (var part in pathInImage.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>
    /// The host path of <paramref name="pathInImage"/>, following links in every component (and in the
    /// last one only when <paramref name="followFinalLink"/>), never leaving the root.
    /// </summary>
    public string Resolve(string pathInImage, bool followFinalLink = true)
    {
        var pending = new LinkedList<string>(pathInImage.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        var linksFollowed = 0;
        while (pending.First is { } node)
        {
            var part = node.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = HostPath + "/" + string.Join('/', resolved.Append(part));
            var isLast = pending.Count == 0;
            var status = FileStatus.TryRead(candidate);
            if (status is { IsSymbolicLink: true } && (!isLast || followFinalLink))
            {
                if (++linksFollowed > MaxLinksFollowed)
                {
                    throw new KanikoException("KANIKO2101", $"Too many levels of symbolic links resolving '{pathInImage}' inside the image.");
                }

                var target = new FileInfo(candidate).LinkTarget ?? string.Empty;
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                var targetParts = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
                for (var i = targetParts.Length - 1; i >= 0; i--)
                {
                    pending.AddFirst(targetParts[i]);
                }

                continue;
            }

            resolved.Add(part);
        }

        return resolved.Count == 0 ? HostPath : HostPath + "/" + string.Join('/', resolved);
    }

    /// <summary>The image path of a host path inside this root.</summary>
    public string ToImagePath(string hostPath)
    {
        var full = System.IO.Path.GetFullPath(hostPath);
        if (full == HostPath)
        {
            return "/";
        }

        if (!full.StartsWith(HostPath + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{hostPath}' is not inside '{HostPath}'.", nameof(hostPath));
        }

        return full[HostPath.Length..];
    }
}
