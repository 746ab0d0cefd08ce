using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Copies files into a stage's root with the owner and mode COPY asks for, and records every image
/// path it writes: that list is the instruction's layer. Without an owner, files from the build
/// context go to root and files from a stage or image keep theirs, as BuildKit does.
/// </summary>
internal sealed class ImageFileCopier(RootDirectory root, (int Uid, int Gid)? owner, ChmodSpec? chmod, bool keepSourceOwner)
{
    private readonly List<string> _written = [];

    public IReadOnlyList<string> Written => _written;

    /// <summary>Whether files without an explicit owner keep their source's (stages, images, archives) or go to root (the context).</summary>
    public bool KeepSourceOwner { get; set; } = keepSourceOwner;

    private (int Uid, int Gid) DirectoryOwner => owner ?? (0, 0);

    public void CopyFile(string sourceHostPath, string destinationImagePath)
    {
        var destination = PrepareDestination(destinationImagePath);
        File.Copy(sourceHostPath, destination, overwrite: false);
        var mode = File.GetUnixFileMode(sourceHostPath);
        Finish(destination, chmod?.Apply(mode, isDirectory: false) ?? mode, File.GetLastWriteTimeUtc(sourceHostPath), OwnerOf(sourceHostPath));
    }

    /// <summary>
    /// Copies what is inside <paramref name="sourceHostPath"/> that <paramref name="filter"/> keeps;
    /// links inside it stay links.
    /// </summary>
    public void CopyDirectoryContents(string sourceHostPath, string destinationImagePath, CopySourceFilter filter, bool createDestination = true)
    {
        if (createDestination)
        {
            EnsureDirectory(destinationImagePath);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(sourceHostPath).Order(StringComparer.Ordinal))
        {
            var target = destinationImagePath.TrimEnd('/') + "/" + Path.GetFileName(entry);
            var excluded = filter.IsExcluded(entry);
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } linkTarget)
            {
                if (!excluded)
                {
                    var destination = PrepareDestination(target);
                    File.CreateSymbolicLink(destination, linkTarget);
                    var (uid, gid) = OwnerOf(entry);
                    FileOwnership.Set(destination, uid, gid);
                    _written.Add(root.ToImagePath(destination));
                }
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                if (!excluded)
                {
                    var directory = EnsureDirectory(target);
                    var mode = File.GetUnixFileMode(entry);
                    File.SetUnixFileMode(directory, chmod?.Apply(mode, isDirectory: true) ?? mode);
                    var (uid, gid) = OwnerOf(entry);
                    FileOwnership.Set(directory, uid, gid);
                }

                // Beneath an excluded folder only what an exception brings back is copied, its parents made as needed.
                if (!excluded || filter.MayIncludeBeneathExcluded)
                {
                    CopyDirectoryContents(entry, target, filter, createDestination: false);
                }
            }
            else if (!excluded)
            {
                CopyFile(entry, target);
            }
        }
    }

    /// <summary>The host path of a folder in the image, created (with missing parents) if absent.</summary>
    public string EnsureDirectory(string destinationImagePath)
    {
        var (uid, gid) = DirectoryOwner;
        _written.AddRange(ImageDirectories.Create(root, destinationImagePath, uid, gid));
        var hostPath = root.Resolve(destinationImagePath);
        if (!_written.Contains(root.ToImagePath(hostPath)) && destinationImagePath.Trim('/').Length > 0)
        {
            _written.Add(root.ToImagePath(hostPath));
        }

        return hostPath;
    }

    private (int Uid, int Gid) OwnerOf(string sourceHostPath)
    {
        if (owner is { } given)
        {
            return given;
        }

        if (!KeepSourceOwner)
        {
            return (0, 0);
        }

        var status = FileStatus.Read(sourceHostPath);
        return (status.Uid, status.Gid);
    }

    private string PrepareDestination(string destinationImagePath)
    {
        var normalized = RootDirectory.Normalize(destinationImagePath);
        var parent = normalized[..normalized.LastIndexOf('/')];
        var (uid, gid) = DirectoryOwner;
        _written.AddRange(ImageDirectories.Create(root, parent, uid, gid));
        var destination = root.Resolve(normalized, followFinalLink: false);
        if (Directory.Exists(destination) && FileStatus.Read(destination).IsDirectory)
        {
            throw new KanikoException("KANIKO2204", $"Cannot copy onto '{normalized}' in the image: it is a folder.");
        }

        if (FileStatus.TryRead(destination) is not null)
        {
            File.Delete(destination);
        }

        return destination;
    }

    private void Finish(string destination, UnixFileMode fileMode, DateTime modified, (int Uid, int Gid) fileOwner)
    {
        File.SetUnixFileMode(destination, fileMode);
        FileOwnership.Set(destination, fileOwner.Uid, fileOwner.Gid);
        File.SetLastWriteTimeUtc(destination, modified);
        _written.Add(root.ToImagePath(destination));
    }
}
