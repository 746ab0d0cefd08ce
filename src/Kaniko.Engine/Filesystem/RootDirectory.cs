namespace Kaniko.Engine.Filesystem;

/// <summary>
/// A folder that stands for an image's <c>/</c>. Every path is resolved inside it as chroot would:
/// component by component, a symbolic link's absolute target restarting at the root and every
/// <c>..</c> stopping there, so no path it returns lies outside it, whatever links a layer planted.
/// </summary>
public sealed class RootDirectory
{
    private const UnixFileMode CreatedDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public RootDirectory(string path)
    {
        HostPath = System.IO.Path.GetFullPath(path).TrimEnd('/');
    }

    public string HostPath { get; }

    private IFilesOnDemand? _baseFiles;

    /// <summary>What to do with a component that does not exist.</summary>
    private enum MissingComponent
    {
        /// <summary>Take it as named: the rest of the path is lexical.</summary>
        Keep,

        /// <summary>Create it as a folder (0755).</summary>
        Create,

        /// <summary>Give up: the path does not resolve.</summary>
        Fail,
    }

    /// <summary>Cleans an image path lexically: absolute, no <c>.</c>, <c>..</c> clamped at <c>/</c>.</summary>
    public static string Normalize(string pathInImage)
    {
        if (IsNormal(pathInImage))
        {
            return pathInImage;
        }

        var parts = new List<string>();
        foreach (var part in pathInImage.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    /// <summary>Whether <paramref name="path"/> is already what <see cref="Normalize"/> makes of it; one pass, no parts made.</summary>
    private static bool IsNormal(string path)
    {
        if (path == "/")
        {
            return true;
        }

        if (path.Length < 2 || path[0] != '/' || path[^1] == '/')
        {
            return false;
        }

        foreach (var range in path.AsSpan(1).Split('/'))
        {
            var part = path.AsSpan(1)[range];
            if (part.IsEmpty || part is "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The host path of <paramref name="pathInImage"/>, following links in every component (and in the
    /// last one only when <paramref name="followFinalLink"/>). Missing components are taken as named.
    /// </summary>
    public string Resolve(string pathInImage, bool followFinalLink = true)
    {
        var components = pathInImage.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (followFinalLink || components.Length == 0)
        {
            return Walk(components, MissingComponent.Keep, pathInImage)!;
        }

        var parent = Walk(components[..^1], MissingComponent.Keep, pathInImage)!;
        if (components[^1] is "." or "..")
        {
            return Walk(components, MissingComponent.Keep, pathInImage)!;
        }

        var final = parent + "/" + components[^1];
        _baseFiles?.Materialize(ToImagePath(final), final);
        return final;
    }

    /// <summary>
    /// The host path of <paramref name="name"/> in the folder <paramref name="parentHostPath"/>, itself
    /// already resolved: as <see cref="Resolve"/> would give it, at the cost of one step instead of a
    /// walk from the top (a link there is the exception: it is followed from the top when
    /// <paramref name="followLink"/>).
    /// </summary>
    public string ResolveChild(string parentHostPath, string name, bool followLink)
    {
        var candidate = parentHostPath + "/" + name;
        _baseFiles?.Materialize(ToImagePath(candidate), candidate);
        return followLink && FileStatus.TryRead(candidate) is { IsSymbolicLink: true } ? Resolve(ToImagePath(candidate)) : candidate;
    }

    /// <summary>
    /// <see cref="ResolveChild(string, string, bool)"/> for a folder held open: null when the child
    /// is <paramref name="name"/> in <paramref name="parent"/>, else the host path a link there leads
    /// to (followed from the top, only when <paramref name="followLink"/>).
    /// </summary>
    internal string? ReachChild(FolderHandle parent, string name, bool followLink)
    {
        var candidate = parent.PathOf(name);
        _baseFiles?.Materialize(ToImagePath(candidate), candidate);
        return followLink && parent.Status(name) is { IsSymbolicLink: true } ? Resolve(ToImagePath(candidate)) : null;
    }

    /// <summary>The target of the link at <paramref name="hostPath"/>, as written; any length of path.</summary>
    public static string LinkTarget(string hostPath) =>
        LongPath.With(hostPath, path => new FileInfo(path).LinkTarget)
            ?? throw new IOException($"'{hostPath}' is no longer a symbolic link.");

    /// <summary>
    /// Leaves the base image's files out of the folder until a walk reaches them; for stages that
    /// never run anything.
    /// </summary>
    internal void TakeBaseFilesOnDemand(IFilesOnDemand baseFiles) => _baseFiles = baseFiles;

    /// <summary>Creates every base file not reached yet, so the folder is complete but for the files' data.</summary>
    internal void MaterializeAllBaseFiles()
    {
        _baseFiles?.MaterializeAll();
        _baseFiles = null;
    }

    /// <summary>
    /// The host path of the folder reached through <paramref name="directories"/>; missing ones are
    /// created (0755) when <paramref name="createMissing"/>, else the result is null.
    /// </summary>
    public string? ResolveDirectory(IEnumerable<string> directories, bool createMissing, string pathForMessages) =>
        ResolveDirectory(directories, createMissing, pathForMessages, out _);

    /// <summary>
    /// <see cref="ResolveDirectory(IEnumerable{string}, bool, string)"/>, telling in
    /// <paramref name="passedMissing"/> whether a link's target went into a component that was not
    /// there and back out with "..": making something there later changes where the walk leads.
    /// </summary>
    internal string? ResolveDirectory(IEnumerable<string> directories, bool createMissing, string pathForMessages, out bool passedMissing) =>
        Walk(directories, createMissing ? MissingComponent.Create : MissingComponent.Fail, pathForMessages, out passedMissing);

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

    private string? Walk(IEnumerable<string> components, MissingComponent whenMissing, string pathForMessages) =>
        Walk(components, whenMissing, pathForMessages, out _);

    // A missing component is entered by name and made (or failed on) only once the walk is over, so
    // a link target's "missing/.." goes back as containerd's lexical join does, and makes nothing.
    private string? Walk(IEnumerable<string> components, MissingComponent whenMissing, string pathForMessages, out bool passedMissing)
    {
        var missingVisited = 0;
        var resolved = ChrootWalk.Walk<WalkedComponent>(components, pathForMessages, (entered, component, moreFollow) =>
        {
            if (entered.Count > 0 && entered[^1].Missing)
            {
                missingVisited++;
                return ChrootStep<WalkedComponent>.Enter(new(component, Missing: true));
            }

            var candidate = Join(entered, component);
            _baseFiles?.Materialize("/" + string.Join('/', entered.Select(step => step.Name).Append(component)), candidate);
            var status = FileStatus.TryRead(candidate);
            if (status is { IsSymbolicLink: true })
            {
                return ChrootStep<WalkedComponent>.Follow(LinkTarget(candidate));
            }

            if (status is { IsDirectory: false } && (moreFollow || whenMissing != MissingComponent.Keep))
            {
                throw new KanikoException(FilesystemErrorCode.ParentNotDirectory,
                    $"'{pathForMessages}' needs '{ToImagePath(candidate)}' to be a folder, but it is a file.");
            }

            if (status is null)
            {
                missingVisited++;
                return ChrootStep<WalkedComponent>.Enter(new(component, Missing: true));
            }

            return ChrootStep<WalkedComponent>.Enter(new(component, Missing: false));
        });

        var firstMissing = resolved.FindIndex(step => step.Missing);
        passedMissing = missingVisited > (firstMissing < 0 ? 0 : resolved.Count - firstMissing);
        if (firstMissing >= 0 && whenMissing == MissingComponent.Fail)
        {
            return null;
        }

        if (firstMissing >= 0 && whenMissing == MissingComponent.Create)
        {
            for (var count = firstMissing + 1; count <= resolved.Count; count++)
            {
                LongPath.With(Join(resolved.GetRange(0, count), null), path => Directory.CreateDirectory(path, CreatedDirectoryMode));
            }
        }

        return Join(resolved, null);
    }

    /// <summary>One component a walk entered, and whether nothing was there.</summary>
    private readonly record struct WalkedComponent(string Name, bool Missing);

    private string Join(List<WalkedComponent> resolved, string? last)
    {
        var names = resolved.Select(step => step.Name);
        var relative = string.Join('/', last is null ? names : names.Append(last));
        return relative.Length == 0 ? HostPath : HostPath + "/" + relative;
    }
}
