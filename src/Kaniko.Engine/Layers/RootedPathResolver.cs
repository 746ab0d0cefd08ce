using System.Runtime.Versioning;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Resolves the directories of an in-root path the way chroot would: each component is looked up
/// inside the root, a symlink's absolute target restarts at the root and ".." stops at the root, so
/// no path it returns lies outside the root. Only the directories are resolved; the last component
/// is left to the caller, who must not follow it.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class RootedPathResolver(string root)
{
    private const int MaxSymlinks = 40;

    public string Root { get; } = root;

    /// <summary>
    /// The host path of the directory reached through <paramref name="directories"/>, creating
    /// missing ones (0755) when asked, or null when one is missing and may not be created.
    /// </summary>
    public string? ResolveDirectory(IEnumerable<string> directories, bool createMissing, string entryForMessages)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(directories.Reverse());
        var symlinks = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = HostPath(resolved, component);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++symlinks > MaxSymlinks)
                {
                    throw new KanikoException(
                        LayerErrorCode.TooManySymlinks,
                        $"Layer entry '{entryForMessages}' goes through more than {MaxSymlinks} symlinks.");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var part in target.Split('/').Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            if (Directory.Exists(candidate))
            {
                resolved.Add(component);
                continue;
            }

            if (info.Exists)
            {
                throw new KanikoException(
                    LayerErrorCode.ParentNotDirectory,
                    $"Layer entry '{entryForMessages}' needs '{string.Join('/', resolved.Append(component))}' to be a directory, but it is a file.");
            }

            if (!createMissing)
            {
                return null;
            }

            Directory.CreateDirectory(candidate, DefaultDirectoryMode);
            resolved.Add(component);
        }

        return HostPath(resolved, null);
    }

    private const UnixFileMode DefaultDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private string HostPath(List<string> resolved, string? last)
    {
        var relative = string.Join('/', last is null ? resolved : resolved.Append(last));
        return relative.Length == 0 ? Root : Path.Join(Root, relative);
    }
}
