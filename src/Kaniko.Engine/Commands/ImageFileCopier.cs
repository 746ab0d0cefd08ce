using Kaniko.Engine.Contexts;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Commands;

/// <summary>
/// Copies files from the build context into a stage's root with the owner and mode COPY asks for,
/// and records every image path it writes: that list is the instruction's layer.
/// </summary>
internal sealed class ImageFileCopier(RootDirectory root, int uid, int gid, UnixFileMode? mode)
{
    private readonly List<string> _written = [];

    public IReadOnlyList<string> Written => _written;

    public void CopyFile(string sourceHostPath, string destinationImagePath)
    {
        var destination = PrepareDestination(destinationImagePath);
        File.Copy(sourceHostPath, destination, overwrite: false);
        Finish(destination, mode ?? File.GetUnixFileMode(sourceHostPath), File.GetLastWriteTimeUtc(sourceHostPath));
    }

    /// <summary>
    /// Copies what is inside <paramref name="sourceHostPath"/> that the context does not exclude;
    /// links inside it stay links.
    /// </summary>
    public void CopyDirectoryContents(string sourceHostPath, string destinationImagePath, BuildContextDirectory context, bool createDestination = true)
    {
        if (createDestination)
        {
            EnsureDirectory(destinationImagePath);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(sourceHostPath).Order(StringComparer.Ordinal))
        {
            var target = destinationImagePath.TrimEnd('/') + "/" + Path.GetFileName(entry);
            var excluded = context.IsExcluded(entry);
            var info = new FileInfo(entry);
            if (info.LinkTarget is { } linkTarget)
            {
                if (!excluded)
                {
                    var destination = PrepareDestination(target);
                    File.CreateSymbolicLink(destination, linkTarget);
                    FileOwnership.Set(destination, uid, gid);
                    _written.Add(root.ToImagePath(destination));
                }
            }
            else if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                if (!excluded)
                {
                    File.SetUnixFileMode(EnsureDirectory(target), mode ?? File.GetUnixFileMode(entry));
                }

                // Beneath an excluded folder only what an exception brings back is copied, its parents made as needed.
                if (!excluded || context.MayIncludeBeneathExcluded)
                {
                    CopyDirectoryContents(entry, target, context, createDestination: false);
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
        _written.AddRange(ImageDirectories.Create(root, destinationImagePath, uid, gid));
        var hostPath = root.Resolve(destinationImagePath);
        if (!_written.Contains(root.ToImagePath(hostPath)) && destinationImagePath.Trim('/').Length > 0)
        {
            _written.Add(root.ToImagePath(hostPath));
        }

        return hostPath;
    }

    private string PrepareDestination(string destinationImagePath)
    {
        var normalized = RootDirectory.Normalize(destinationImagePath);
        var parent = normalized[..normalized.LastIndexOf('/')];
        _written.AddRange(ImageDirectories.Create(root, parent, uid, gid));
        var destination = root.Resolve(parent) + "/" + normalized[(normalized.LastIndexOf('/') + 1)..];
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

    private void Finish(string destination, UnixFileMode fileMode, DateTime modified)
    {
        File.SetUnixFileMode(destination, fileMode);
        FileOwnership.Set(destination, uid, gid);
        File.SetLastWriteTimeUtc(destination, modified);
        _written.Add(root.ToImagePath(destination));
    }
}
