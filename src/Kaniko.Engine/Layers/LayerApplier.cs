using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The state of one layer being applied to a root folder, as containerd applies it: each entry lands
/// in the folder its name leads to through the links already there, this layer's own included,
/// followed inside the root as chroot follows them; the last component is never followed.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class LayerApplier(string root)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    private readonly ResolvedFolders _folders = new(new RootDirectory(root));
    private readonly bool _canChangeOwner = Environment.IsPrivilegedProcess;

    // Whiteouts hide lower layers only, so the host paths this layer wrote are remembered and kept.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    // Directory times are set last, since writing their children changes them.
    private readonly List<(string[] Path, DateTimeOffset Time)> _directoryTimes = [];

    public async Task ApplyAsync(Stream tar, CancellationToken cancellationToken)
    {
        var reader = new TarArchiveReader(tar);
        while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            try
            {
                await ApplyEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new KanikoException(
                    LayerErrorCode.EntryNotApplied,
                    $"Layer entry '{LayerEntryName.Shorten(LayerEntryName.Printable(entry.Name))}' could not be applied: {exception.Message}",
                    exception);
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
            var parent = _folders.Resolve(path[..^1], createMissing: false, string.Join('/', path));
            return parent is null ? null : Path.Join(parent, path[^1]);
        }
        catch (KanikoException)
        {
            return null;
        }
    }

    private async Task ApplyEntryAsync(TarArchiveEntry entry, CancellationToken cancellationToken)
    {
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

        var parent = _folders.Resolve(components[..^1], createMissing: true, entry.Name)!;
        var hostPath = Path.Join(parent, name);
        switch (entry.Type)
        {
            case '5':
                CreateDirectory(hostPath, entry);
                _directoryTimes.Add((components, entry.ModificationTime));
                break;
            case '0' or '\0' or '7':
                await CreateFileAsync(hostPath, entry, cancellationToken).ConfigureAwait(false);
                break;
            case '2':
                CreateSymlink(hostPath, entry);
                break;
            case '1':
                CreateHardLink(hostPath, entry);
                break;
            case '3' or '4' or '6':
                CreateNode(hostPath, entry);
                break;
            default:
                throw new KanikoException(
                    LayerErrorCode.UnsupportedEntryType,
                    $"Layer entry '{entry.Name}' has tar type '{entry.Type}', which layers do not support.");
        }

        _written.Add(hostPath);
    }

    private void CreateDirectory(string hostPath, TarArchiveEntry entry)
    {
        // A folder over a folder keeps it, with what is in it; over a link it replaces the link.
        if (FileSystemEntries.Kind(hostPath) != FileSystemEntryKind.Directory)
        {
            Remove(hostPath);
            Directory.CreateDirectory(hostPath);
        }

        if (_canChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(hostPath, entry.Uid, entry.Gid);
        }

        File.SetUnixFileMode(hostPath, (UnixFileMode)entry.Mode);
        SetExtendedAttributes(hostPath, entry);
    }

    private async Task CreateFileAsync(string hostPath, TarArchiveEntry entry, CancellationToken cancellationToken)
    {
        Remove(hostPath);

        // CreateNew (O_EXCL) never opens through a symlink that appeared at the last component.
        var file = new FileStream(hostPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        await using (file.ConfigureAwait(false))
        {
            await CopyContentAsync(entry, file, cancellationToken).ConfigureAwait(false);
        }

        SetOwnerModeAndTime(hostPath, entry);
    }

    // A sparse file's holes are skipped, not written, so it stays sparse on disk.
    private static async Task CopyContentAsync(TarArchiveEntry entry, FileStream file, CancellationToken cancellationToken)
    {
        var fragments = entry.SparseMap ?? [new SparseFragment(0, entry.Size)];
        var buffer = new byte[81920];
        foreach (var fragment in fragments)
        {
            file.Position = fragment.Offset;
            var remaining = fragment.Length;
            while (remaining > 0)
            {
                var read = await entry.Data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken)
                    .ConfigureAwait(false);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }
        }

        file.SetLength(entry.Size);
    }

    private void CreateSymlink(string hostPath, TarArchiveEntry entry)
    {
        if (entry.LinkName.Contains('\0', StringComparison.Ordinal) || entry.LinkName.Length == 0)
        {
            throw new KanikoException(LayerErrorCode.InvalidEntryName, $"Layer entry '{entry.Name}' is a symbolic link with an empty target or a NUL in it.");
        }

        Remove(hostPath);
        File.CreateSymbolicLink(hostPath, entry.LinkName);
        if (_canChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(hostPath, entry.Uid, entry.Gid);
        }

        UnixSystemCalls.SetModificationTime(hostPath, entry.ModificationTime);
    }

    // The target's folder is resolved as an entry's is, and a target that is a symlink is linked
    // itself (link(2) does not follow it): the new name is the same symlink, owner and time included.
    private void CreateHardLink(string hostPath, TarArchiveEntry entry)
    {
        var target = LayerEntryName.Split(entry.LinkName, entry.Name);
        var targetParent = target.Length == 0
            ? null
            : _folders.Resolve(target[..^1], createMissing: false, entry.Name);
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

        Remove(hostPath);
        UnixSystemCalls.CreateHardLink(targetPath!, hostPath);
    }

    private void CreateNode(string hostPath, TarArchiveEntry entry)
    {
        var isFifo = entry.Type == '6';
        if (!isFifo && !_canChangeOwner)
        {
            // Only root may create device nodes; an unprivileged build simply goes without them.
            return;
        }

        var type = entry.Type switch
        {
            '3' => 0x2000u,
            '4' => 0x6000u,
            _ => 0x1000u,
        };
        Remove(hostPath);
        UnixSystemCalls.CreateNode(hostPath, type | (uint)entry.Mode, entry.DeviceMajor, entry.DeviceMinor);
        SetOwnerModeAndTime(hostPath, entry);
    }

    private void SetOwnerModeAndTime(string hostPath, TarArchiveEntry entry)
    {
        // Owner first: chown clears the setuid and setgid bits that the mode then sets.
        if (_canChangeOwner)
        {
            UnixSystemCalls.ChangeOwner(hostPath, entry.Uid, entry.Gid);
        }

        File.SetUnixFileMode(hostPath, (UnixFileMode)entry.Mode);
        SetExtendedAttributes(hostPath, entry);
        UnixSystemCalls.SetModificationTime(hostPath, entry.ModificationTime);
    }

    private void SetExtendedAttributes(string hostPath, TarArchiveEntry entry)
    {
        foreach (var (name, value) in entry.ExtendedAttributes)
        {
            // Unprivileged, trusted.* and security.* are out of reach; the layer still applies.
            if (!UnixSystemCalls.TrySetExtendedAttribute(hostPath, name, value) && _canChangeOwner)
            {
                throw new IOException($"lsetxattr '{name}' on '{hostPath}' failed.");
            }
        }
    }

    // What stood there goes; a folder or a link may be one the remembered folders went through.
    private void Remove(string hostPath)
    {
        if (FileSystemEntries.Remove(hostPath) is FileSystemEntryKind.Directory or FileSystemEntryKind.Symlink)
        {
            _folders.Forget();
        }
    }

    // Refused as containerd refuses it: a name that would hide the folder itself or its parent.
    private void ApplyWhiteout(string entryName, string[] components)
    {
        var name = components[^1];
        var hidden = name[WhiteoutPrefix.Length..];
        if (name != OpaqueWhiteout && (hidden is "" or "." or ".." || hidden.StartsWith(WhiteoutPrefix, StringComparison.Ordinal)))
        {
            throw new KanikoException(LayerErrorCode.InvalidWhiteout, $"Layer entry '{entryName}' is not a valid whiteout.");
        }

        var parent = _folders.Resolve(components[..^1], createMissing: false, entryName);
        if (parent is null)
        {
            return;
        }

        if (name == OpaqueWhiteout)
        {
            EmptyOfLowerContent(parent);
        }
        else if (!_written.Contains(Path.Join(parent, hidden)))
        {
            Remove(Path.Join(parent, hidden));
        }
    }

    private void EmptyOfLowerContent(string hostDirectory)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(hostDirectory).ToList())
        {
            if (!_written.Contains(child))
            {
                Remove(child);
            }
            else if (FileSystemEntries.Kind(child) == FileSystemEntryKind.Directory)
            {
                EmptyOfLowerContent(child);
            }
        }
    }
}
