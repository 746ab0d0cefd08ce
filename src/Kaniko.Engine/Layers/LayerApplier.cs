using System.Formats.Tar;
using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>The state of one layer being applied to a root folder.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class LayerApplier(string root)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private readonly RootDirectory _resolver = new(root);
    private readonly bool _canChangeOwner = Environment.IsPrivilegedProcess;

    // Whiteouts hide lower layers only, so what this layer wrote is remembered and kept.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    // Directory times are set last, since writing their children changes them.
    private readonly List<(string[] Path, DateTimeOffset Time)> _directoryTimes = [];

    public async Task ApplyAsync(Stream tar, CancellationToken cancellationToken)
    {
        var reader = new TarReader(tar, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await ApplyEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (path, time) in Enumerable.Reverse(_directoryTimes))
        {
            if (ResolveLater(path) is { } hostPath && FileSystemEntries.Kind(hostPath) == FileSystemEntryKind.Directory)
            {
                UnixSystemCalls.SetModificationTime(hostPath, time);
            }
        }
    }

    // A later entry may have replaced a directory (or one of its parents) with a file or a link,
    // so the path is resolved again; where it no longer leads to a directory, there is no time to set.
    private string? ResolveLater(string[] path)
    {
        try
        {
            var parent = _resolver.ResolveDirectory(path[..^1], createMissing: false, string.Join('/', path));
            return parent is null ? null : Path.Join(parent, path[^1]);
        }
        catch (KanikoException)
        {
            return null;
        }
    }

    private async Task ApplyEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        var components = LayerEntryName.Split(entry.Name, entry.Name);
        if (components.Length == 0)
        {
            // The root entry ("./"): the root folder belongs to the caller.
            return;
        }

        var name = components[^1];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry.Name, components);
            return;
        }

        var parent = _resolver.ResolveDirectory(components[..^1], createMissing: true, entry.Name)!;
        var hostPath = Path.Join(parent, name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                CreateDirectory(hostPath, entry);
                _directoryTimes.Add((components, entry.ModificationTime));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await CreateFileAsync(hostPath, entry, cancellationToken).ConfigureAwait(false);
                break;
            case TarEntryType.SymbolicLink:
                FileSystemEntries.Remove(hostPath);
                File.CreateSymbolicLink(hostPath, entry.LinkName);
                SetOwnerModeAndTime(hostPath, entry, isSymlink: true);
                break;
            case TarEntryType.HardLink:
                CreateHardLink(hostPath, entry);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                CreateNode(hostPath, entry);
                break;
            default:
                throw new KanikoException(
                    LayerErrorCode.UnsupportedEntryType,
                    $"Layer entry '{entry.Name}' has tar type {entry.EntryType}, which layers do not support.");
        }

        _written.Add(string.Join('/', components));
    }

    private void CreateDirectory(string hostPath, TarEntry entry)
    {
        if (FileSystemEntries.Kind(hostPath) != FileSystemEntryKind.Directory)
        {
            FileSystemEntries.Remove(hostPath);
            Directory.CreateDirectory(hostPath);
        }

        if (_canChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(hostPath, entry.Uid, entry.Gid);
        }

        File.SetUnixFileMode(hostPath, entry.Mode);
    }

    private async Task CreateFileAsync(string hostPath, TarEntry entry, CancellationToken cancellationToken)
    {
        FileSystemEntries.Remove(hostPath);

        // CreateNew (O_EXCL) never opens through a symlink that appeared at the last component.
        var file = new FileStream(hostPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } content)
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        SetOwnerModeAndTime(hostPath, entry, isSymlink: false);
    }

    private void CreateHardLink(string hostPath, TarEntry entry)
    {
        var target = LayerEntryName.Split(entry.LinkName, entry.Name);
        var targetParent = target.Length == 0
            ? null
            : _resolver.ResolveDirectory(target[..^1], createMissing: false, entry.Name);
        var targetPath = targetParent is null ? null : Path.Join(targetParent, target[^1]);
        var targetKind = targetPath is null ? FileSystemEntryKind.Missing : FileSystemEntries.Kind(targetPath);
        if (targetKind is FileSystemEntryKind.Missing or FileSystemEntryKind.Directory)
        {
            throw new KanikoException(
                LayerErrorCode.HardlinkTargetInvalid,
                $"Layer entry '{entry.Name}' is a hard link to '{entry.LinkName}', which is not a file inside the root.");
        }

        if (targetPath == hostPath)
        {
            return;
        }

        FileSystemEntries.Remove(hostPath);
        UnixSystemCalls.CreateHardLink(targetPath!, hostPath);
    }

    private void CreateNode(string hostPath, TarEntry entry)
    {
        var isFifo = entry.EntryType == TarEntryType.Fifo;
        if (!isFifo && !_canChangeOwner)
        {
            // Only root may create device nodes; an unprivileged build simply goes without them.
            return;
        }

        var type = entry.EntryType switch
        {
            TarEntryType.CharacterDevice => 0x2000u,
            TarEntryType.BlockDevice => 0x6000u,
            _ => 0x1000u,
        };
        FileSystemEntries.Remove(hostPath);
        var (major, minor) = entry is PosixTarEntry posix ? (posix.DeviceMajor, posix.DeviceMinor) : (0, 0);
        UnixSystemCalls.CreateNode(hostPath, type | (uint)entry.Mode, major, minor);
        SetOwnerModeAndTime(hostPath, entry, isSymlink: false);
    }

    private void SetOwnerModeAndTime(string hostPath, TarEntry entry, bool isSymlink)
    {
        // Owner first: chown clears the setuid and setgid bits that the mode then sets.
        if (_canChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(hostPath, entry.Uid, entry.Gid);
        }

        if (!isSymlink)
        {
            File.SetUnixFileMode(hostPath, entry.Mode);
        }

        UnixSystemCalls.SetModificationTime(hostPath, entry.ModificationTime);
    }

    private void ApplyWhiteout(string entryName, string[] components)
    {
        var name = components[^1];
        var parent = _resolver.ResolveDirectory(components[..^1], createMissing: false, entryName);
        if (parent is null)
        {
            return;
        }

        var directory = components[..^1];
        if (name == OpaqueWhiteout)
        {
            EmptyOfLowerContent(parent, string.Join('/', directory));
            return;
        }

        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or ".." || hidden.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            throw new KanikoException(LayerErrorCode.InvalidWhiteout, $"Layer entry '{entryName}' is not a valid whiteout.");
        }

        if (!_written.Contains(string.Join('/', directory.Append(hidden))))
        {
            FileSystemEntries.Remove(Path.Join(parent, hidden));
        }
    }

    private void EmptyOfLowerContent(string hostDirectory, string relativeDirectory)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(hostDirectory))
        {
            var name = Path.GetFileName(child);
            var relative = relativeDirectory.Length == 0 ? name : relativeDirectory + "/" + name;
            if (!_written.Contains(relative))
            {
                FileSystemEntries.Remove(child);
            }
            else if (FileSystemEntries.Kind(child) == FileSystemEntryKind.Directory)
            {
                EmptyOfLowerContent(child, relative);
            }
        }
    }
}
