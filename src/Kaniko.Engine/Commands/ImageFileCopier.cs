using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Copies files into a stage's root with the owner and mode COPY asks for, and records every image
/// path it writes: that list is the instruction's layer. Without an owner, files from the build
/// context go to root and files from a stage or image keep theirs, as BuildKit does. Pipes and
/// device nodes are copied as nodes, never opened (a pipe would wait for a writer forever); sockets
/// are left out, as Docker's context archive leaves them.
/// </summary>
internal sealed class ImageFileCopier(RootDirectory root, (int Uid, int Gid)? owner, ChmodSpec? chmod, bool keepSourceOwner)
{
    private const uint PipeType = 0x1000;
    private const uint CharacterDeviceType = 0x2000;
    private const uint BlockDeviceType = 0x6000;

    private readonly List<string> _written = [];
    private readonly HashSet<string> _writtenSet = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Written => _written;

    /// <summary>Whether files without an explicit owner keep their source's (stages, images, archives) or go to root (the context).</summary>
    public bool KeepSourceOwner { get; set; } = keepSourceOwner;

    private (int Uid, int Gid) DirectoryOwner => owner ?? (0, 0);

    public void CopyFile(string sourceHostPath, string destinationImagePath)
    {
        var source = FileStatus.Read(sourceHostPath);
        if (source.IsSocket)
        {
            return;
        }

        CopyEntry(sourceHostPath, source, PrepareDestination(destinationImagePath));
    }

    /// <summary>
    /// Copies what is inside <paramref name="sourceHostPath"/> that <paramref name="filter"/> keeps;
    /// links inside it stay links.
    /// </summary>
    public void CopyDirectoryContents(string sourceHostPath, string destinationImagePath, CopySourceFilter filter, bool createDestination = true)
    {
        var destination = createDestination
            ? EnsureDirectory(destinationImagePath)
            : root.Resolve(RootDirectory.Normalize(destinationImagePath));
        CopyContents(sourceHostPath, new DestinationFolder(root, destination, null), filter);
    }

    /// <summary>The host path of a folder in the image, created (with missing parents) if absent.</summary>
    public string EnsureDirectory(string destinationImagePath)
    {
        var (uid, gid) = DirectoryOwner;
        AddWritten(ImageDirectories.Create(root, destinationImagePath, uid, gid));
        var hostPath = root.Resolve(destinationImagePath);
        if (destinationImagePath.Trim('/').Length > 0)
        {
            AddWritten([root.ToImagePath(hostPath)]);
        }

        return hostPath;
    }

    /// <summary>
    /// One folder's entries, each destination found one step from its folder's (already resolved),
    /// so a deep tree costs its size, not its size times its depth.
    /// </summary>
    private void CopyContents(string sourceFolder, DestinationFolder destination, CopySourceFilter filter)
    {
        foreach (var entry in LongPath.Entries(sourceFolder).Order(StringComparer.Ordinal))
        {
            var name = entry[(entry.LastIndexOf('/') + 1)..];
            var excluded = filter.IsExcluded(entry);
            if (FileStatus.TryRead(entry) is not { } status || status.IsSocket)
            {
                continue;
            }

            if (status.IsDirectory)
            {
                var target = excluded ? null : EnterDirectory(destination.Ensure(this), name, status);

                // Beneath an excluded folder only what an exception brings back is copied, its parents made as needed.
                if (!excluded || filter.MayIncludeBeneathExcluded)
                {
                    CopyContents(entry, target is null ? destination.Later(name) : new DestinationFolder(root, target, null), filter);
                }
            }
            else if (!excluded)
            {
                CopyEntry(entry, status, ReplaceableChild(destination.Ensure(this), name));
            }
        }
    }

    /// <summary>The folder <paramref name="name"/> in <paramref name="folder"/> with the source folder's mode and owner, made when missing.</summary>
    private string EnterDirectory(string folder, string name, FileStatus source)
    {
        var target = root.ResolveChild(folder, name, followLink: true);
        switch (FileStatus.TryRead(target))
        {
            case { IsDirectory: true }:
                break;
            case null:
                LongPath.With(target, path => Directory.CreateDirectory(path));
                break;
            default:
                throw new KanikoException(FilesystemErrorCode.FileInTheWay, $"Cannot create the folder '{root.ToImagePath(target)}' in the image: a file of that name is in the way.");
        }

        var mode = (UnixFileMode)source.Permissions;
        var (uid, gid) = OwnerOf(source);
        FileOwnership.Set(target, uid, gid);
        LongPath.With(target, path => File.SetUnixFileMode(path, chmod?.Apply(mode, isDirectory: true) ?? mode));
        AddWritten([root.ToImagePath(target)]);
        return target;
    }

    private void CopyEntry(string sourceHostPath, FileStatus source, string destination)
    {
        var mode = (UnixFileMode)source.Permissions;
        if (source.IsSymbolicLink)
        {
            var linkTarget = RootDirectory.LinkTarget(sourceHostPath);
            LongPath.With(destination, path => File.CreateSymbolicLink(path, linkTarget));
            var (uid, gid) = OwnerOf(source);
            FileOwnership.Set(destination, uid, gid);
            AddWritten([root.ToImagePath(destination)]);
            return;
        }

        if (source.IsRegularFile)
        {
            LongPath.With(sourceHostPath, destination, (from, to) => File.Copy(from, to, overwrite: false));
        }
        else
        {
            var type = source.IsFifo ? PipeType : source.IsCharacterDevice ? CharacterDeviceType : BlockDeviceType;
            UnixSystemCalls.CreateNode(destination, type | (uint)source.Permissions, source.DeviceMajor, source.DeviceMinor);
        }

        Finish(destination, chmod?.Apply(mode, isDirectory: false) ?? mode, source.ModificationTime, OwnerOf(source));
    }

    private (int Uid, int Gid) OwnerOf(FileStatus source)
    {
        if (owner is { } given)
        {
            return given;
        }

        return KeepSourceOwner ? (source.Uid, source.Gid) : (0, 0);
    }

    private string PrepareDestination(string destinationImagePath)
    {
        var normalized = RootDirectory.Normalize(destinationImagePath);
        var parent = normalized[..normalized.LastIndexOf('/')];
        var (uid, gid) = DirectoryOwner;
        AddWritten(ImageDirectories.Create(root, parent, uid, gid));
        return ClearForCopy(root.Resolve(normalized, followFinalLink: false));
    }

    /// <summary>Where an entry named <paramref name="name"/> goes in an already resolved folder: a link there is replaced, not followed.</summary>
    private string ReplaceableChild(string destinationFolder, string name) =>
        ClearForCopy(root.ResolveChild(destinationFolder, name, followLink: false));

    private string ClearForCopy(string destination)
    {
        switch (FileStatus.TryRead(destination))
        {
            case { IsDirectory: true }:
                throw new KanikoException(FilesystemErrorCode.FolderInTheWay, $"Cannot copy onto '{root.ToImagePath(destination)}' in the image: it is a folder.");
            case not null:
                LongPath.With(destination, File.Delete);
                break;
        }

        return destination;
    }

    private void Finish(string destination, UnixFileMode fileMode, DateTimeOffset modified, (int Uid, int Gid) fileOwner)
    {
        // Owner first: chown clears the setuid and setgid bits, even root's.
        FileOwnership.Set(destination, fileOwner.Uid, fileOwner.Gid);
        LongPath.With(destination, path => File.SetUnixFileMode(path, fileMode));
        UnixSystemCalls.SetModificationTime(destination, modified);
        AddWritten([root.ToImagePath(destination)]);
    }

    private void AddWritten(IEnumerable<string> imagePaths)
    {
        foreach (var path in imagePaths)
        {
            if (_writtenSet.Add(path))
            {
                _written.Add(path);
            }
        }
    }

    /// <summary>
    /// The destination of a source folder: its host path once resolved, or (beneath an excluded
    /// folder) its image path, made with its missing parents only when something is copied into it.
    /// </summary>
    private sealed class DestinationFolder(RootDirectory root, string? hostPath, string? imagePath)
    {
        public string Ensure(ImageFileCopier copier) => hostPath ??= copier.EnsureDirectory(imagePath!);

        public DestinationFolder Later(string name) => new(root, null, (imagePath ?? root.ToImagePath(hostPath!)).TrimEnd('/') + "/" + name);
    }
}
