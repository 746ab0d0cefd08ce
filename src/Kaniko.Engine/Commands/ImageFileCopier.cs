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
    private const UnixFileMode AnyoneMayDoAll = (UnixFileMode)0x1FF;

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

        var (sourceFolder, sourceName) = FolderHandle.OpenParent(sourceHostPath);
        using (sourceFolder)
        {
            var (folder, name) = PrepareDestination(destinationImagePath);
            using (folder)
            {
                CopyEntry(sourceFolder, sourceName, source, folder, name);
            }
        }
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
        using var source = FolderHandle.Open(sourceHostPath);
        using var target = new DestinationFolder(root, FolderHandle.Open(destination), null);
        CopyContents(source, target, filter);
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
    /// One folder's entries, each read and written relative to its open folder, source and
    /// destination, so a deep tree costs its size, not its size times its depth.
    /// </summary>
    private void CopyContents(FolderHandle source, DestinationFolder destination, CopySourceFilter filter)
    {
        foreach (var name in source.Names().Order(StringComparer.Ordinal))
        {
            var excluded = filter.IsExcluded(source.PathOf(name));
            if (source.Status(name) is not { } status || status.IsSocket)
            {
                continue;
            }

            if (status.IsDirectory)
            {
                var target = excluded ? null : EnterDirectory(destination.Ensure(this), name, status);
                using var next = target is null ? destination.Later(name) : new DestinationFolder(root, target, null);

                // Beneath an excluded folder only what an exception brings back is copied, its parents made as needed.
                if (!excluded || filter.MayIncludeBeneathExcluded)
                {
                    using var folder = source.OpenFolder(name);
                    CopyContents(folder, next, filter);
                }
            }
            else if (!excluded)
            {
                var folder = destination.Ensure(this);
                _ = root.ReachChild(folder, name, followLink: false);
                ClearForCopy(folder, name);
                CopyEntry(source, name, status, folder, name);
            }
        }
    }

    /// <summary>The folder <paramref name="name"/> in <paramref name="folder"/> with the source folder's mode and owner, made when missing.</summary>
    private FolderHandle EnterDirectory(FolderHandle folder, string name, FileStatus source)
    {
        var elsewhere = root.ReachChild(folder, name, followLink: true);
        var (parent, targetName) = elsewhere is null ? (folder, name) : FolderHandle.OpenParent(elsewhere);
        try
        {
            switch (parent.Status(targetName))
            {
                case { IsDirectory: true }:
                    break;
                case null:
                    parent.CreateFolder(targetName, AnyoneMayDoAll);
                    break;
                default:
                    throw new KanikoException(FilesystemErrorCode.FileInTheWay, $"Cannot create the folder '{root.ToImagePath(parent.PathOf(targetName))}' in the image: a file of that name is in the way.");
            }

            var mode = (UnixFileMode)source.Permissions;
            var (uid, gid) = OwnerOf(source);
            FileOwnership.Set(parent, targetName, uid, gid);
            parent.SetMode(targetName, chmod?.Apply(mode, isDirectory: true) ?? mode);
            AddWritten([root.ToImagePath(parent.PathOf(targetName))]);
            return parent.OpenFolder(targetName);
        }
        finally
        {
            if (elsewhere is not null)
            {
                parent.Dispose();
            }
        }
    }

    private void CopyEntry(FolderHandle sourceFolder, string sourceName, FileStatus source, FolderHandle folder, string name)
    {
        var mode = (UnixFileMode)source.Permissions;
        if (source.IsSymbolicLink)
        {
            folder.CreateSymbolicLink(name, sourceFolder.ReadLink(sourceName));
            var (uid, gid) = OwnerOf(source);
            FileOwnership.Set(folder, name, uid, gid);
            AddWritten([root.ToImagePath(folder.PathOf(name))]);
            return;
        }

        if (source.IsRegularFile)
        {
            using var from = sourceFolder.OpenRead(sourceName);
            using var to = folder.CreateFile(name, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            FileContentCopy.Copy(from, to, sourceFolder.PathOf(sourceName));
        }
        else
        {
            var type = source.IsFifo ? PipeType : source.IsCharacterDevice ? CharacterDeviceType : BlockDeviceType;
            folder.CreateNode(name, type | (uint)source.Permissions, source.DeviceMajor, source.DeviceMinor);
        }

        Finish(folder, name, chmod?.Apply(mode, isDirectory: false) ?? mode, source.ModificationTime, OwnerOf(source));
    }

    private (int Uid, int Gid) OwnerOf(FileStatus source)
    {
        if (owner is { } given)
        {
            return given;
        }

        return KeepSourceOwner ? (source.Uid, source.Gid) : (0, 0);
    }

    /// <summary>The folder (open) and name a single file is copied to, cleared; a link there is replaced, not followed.</summary>
    private (FolderHandle Folder, string Name) PrepareDestination(string destinationImagePath)
    {
        var normalized = RootDirectory.Normalize(destinationImagePath);
        var parent = normalized[..normalized.LastIndexOf('/')];
        var (uid, gid) = DirectoryOwner;
        AddWritten(ImageDirectories.Create(root, parent, uid, gid));
        var (folder, name) = FolderHandle.OpenParent(root.Resolve(normalized, followFinalLink: false));
        try
        {
            ClearForCopy(folder, name);
            return (folder, name);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private void ClearForCopy(FolderHandle folder, string name)
    {
        switch (folder.Status(name))
        {
            case { IsDirectory: true }:
                throw new KanikoException(FilesystemErrorCode.FolderInTheWay, $"Cannot copy onto '{root.ToImagePath(folder.PathOf(name))}' in the image: it is a folder.");
            case not null:
                folder.Delete(name);
                break;
        }
    }

    private void Finish(FolderHandle folder, string name, UnixFileMode fileMode, DateTimeOffset modified, (int Uid, int Gid) fileOwner)
    {
        // Owner first: chown clears the setuid and setgid bits, even root's.
        FileOwnership.Set(folder, name, fileOwner.Uid, fileOwner.Gid);
        folder.SetMode(name, fileMode);
        folder.SetModificationTime(name, modified);
        AddWritten([root.ToImagePath(folder.PathOf(name))]);
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
    /// The destination of a source folder: the folder open once resolved, or (beneath an excluded
    /// folder) its image path, made with its missing parents only when something is copied into it.
    /// </summary>
    private sealed class DestinationFolder(RootDirectory root, FolderHandle? folder, string? imagePath) : IDisposable
    {
        public FolderHandle Ensure(ImageFileCopier copier) => folder ??= FolderHandle.Open(copier.EnsureDirectory(imagePath!));

        public DestinationFolder Later(string name) => new(root, null, (imagePath ?? root.ToImagePath(folder!.HostPath)).TrimEnd('/') + "/" + name);

        public void Dispose() => folder?.Dispose();
    }
}
