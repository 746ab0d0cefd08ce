using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// One layer being applied to an <see cref="ImageTree"/>, rule for rule as <c>LayerApplier</c> applies
/// it to a folder: parents resolved through the links already there, the layer's own included, as
/// <see cref="RootDirectory"/> resolves them, whiteouts hiding lower layers only, folder times set last.
/// </summary>
internal sealed class ImageTreeLayer(ImageTreeSlot root)
{
    private const string WhiteoutPrefix = ".wh.";

    private const int CreatedDirectoryMode = 0x1ED;
    private const int SymlinkMode = 0x1FF;

    // The resolved paths this layer wrote, as the extractor keeps the host paths.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly List<(IReadOnlyList<string> Path, DateTimeOffset Time)> _directoryTimes = [];

    public void Apply(LayerListing layer)
    {
        foreach (var entry in layer.Entries)
        {
            ApplyEntry(entry);
        }

        foreach (var (path, time) in Enumerable.Reverse(_directoryTimes))
        {
            if (ResolveLater(path) is { IsDirectory: true, Node: { } node } folder)
            {
                folder.Node = node with { ModificationTime = time };
            }
        }
    }

    private ImageTreeSlot? ResolveLater(IReadOnlyList<string> path)
    {
        try
        {
            var parent = Walk(path.Take(path.Count - 1), createMissing: false, string.Join('/', path));
            return parent is not null && parent.Value.Slot.HasChildren && parent.Value.Slot.Children.TryGetValue(path[^1], out var slot) ? slot : null;
        }
        catch (KanikoException)
        {
            return null;
        }
    }

    private void ApplyEntry(LayerListingEntry entry)
    {
        var rawPath = entry.Path;
        if (entry.Type is LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory)
        {
            ApplyWhiteout(entry, rawPath);
            return;
        }

        var (parentPath, parent) = Walk(entry.Components.Take(entry.Components.Count - 1), createMissing: true, rawPath)!.Value;
        switch (entry.Type)
        {
            case LayerEntryType.Directory:
                CreateDirectory(parent, entry);
                _directoryTimes.Add((entry.Components, entry.ModificationTime));
                break;
            case LayerEntryType.File:
                Place(parent, entry.Name, NodeOf(entry) with { Size = entry.Size, Content = entry.Content });
                break;
            case LayerEntryType.Symlink:
                if (entry.LinkName.Contains('\0', StringComparison.Ordinal) || entry.LinkName.Length == 0)
                {
                    throw new KanikoException(LayerErrorCode.InvalidEntryName, $"Layer entry '{rawPath}' is a symbolic link with an empty target or a NUL in it.");
                }

                Place(parent, entry.Name, new ImageTreeNode(LayerEntryType.Symlink, SymlinkMode, entry.Uid, entry.Gid, entry.ModificationTime) { LinkTarget = entry.LinkName });
                break;
            case LayerEntryType.Hardlink:
                CreateHardLink(parent, entry);
                break;
            case LayerEntryType.CharacterDevice or LayerEntryType.BlockDevice:
                Place(parent, entry.Name, NodeOf(entry) with { DeviceMajor = entry.DeviceMajor, DeviceMinor = entry.DeviceMinor });
                break;
            case LayerEntryType.Fifo:
                Place(parent, entry.Name, NodeOf(entry));
                break;
        }

        _written.Add(Join(parentPath, entry.Name));
    }

    private static ImageTreeNode NodeOf(LayerListingEntry entry) =>
        new(entry.Type, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime) { ExtendedAttributes = entry.ExtendedAttributes };

    // A folder over a folder keeps its children and the attributes the entry does not name; its time is set at the layer's end.
    private static void CreateDirectory(ImageTreeSlot parent, LayerListingEntry entry)
    {
        if (parent.Children.TryGetValue(entry.Name, out var existing) && existing.IsDirectory)
        {
            var attributes = new Dictionary<string, byte[]>(existing.Node!.ExtendedAttributes, StringComparer.Ordinal);
            foreach (var (name, value) in entry.ExtendedAttributes)
            {
                attributes[name] = value;
            }

            existing.Node = existing.Node with
            {
                Mode = entry.Mode,
                Uid = entry.Uid,
                Gid = entry.Gid,
                ExtendedAttributes = attributes.Count == 0 ? LayerListingEntry.NoExtendedAttributes : attributes,
            };
            return;
        }

        Place(parent, entry.Name, NodeOf(entry) with { ModificationTime = null });
    }

    private void CreateHardLink(ImageTreeSlot parent, LayerListingEntry entry)
    {
        var target = LayerEntryName.Split(entry.LinkName, entry.Path);
        var targetParent = target.Length == 0 ? null : Walk(target[..^1], createMissing: false, entry.Path)?.Slot;
        ImageTreeSlot? targetSlot = null;
        if (targetParent is null || !targetParent.HasChildren || !targetParent.Children.TryGetValue(target[^1], out targetSlot) || targetSlot.IsDirectory)
        {
            throw new KanikoException(
                LayerErrorCode.HardlinkTargetInvalid,
                $"Layer entry '{entry.Path}' is a hard link to '{entry.LinkName}', which is not a file inside the root.");
        }

        if (targetParent == parent && target[^1] == entry.Name)
        {
            return;
        }

        // The inode is shared, a symlink's too, and nothing after its creation changes its owner, mode or time.
        Place(parent, entry.Name, targetSlot.Node!);
    }

    // Whatever stood there goes, with everything beneath it.
    private static ImageTreeSlot Place(ImageTreeSlot parent, string name, ImageTreeNode node)
    {
        var slot = new ImageTreeSlot(node);
        parent.Children[name] = slot;
        parent.MarkWrittenInto();
        return slot;
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    private void ApplyWhiteout(LayerListingEntry entry, string rawPath)
    {
        var hidden = entry.Name[WhiteoutPrefix.Length..];
        if (entry.Type == LayerEntryType.Whiteout && (hidden is "" or "." or ".." || hidden.StartsWith(WhiteoutPrefix, StringComparison.Ordinal)))
        {
            throw new KanikoException(LayerErrorCode.InvalidWhiteout, $"Layer entry '{rawPath}' is not a valid whiteout.");
        }

        if (Walk(entry.Components.Take(entry.Components.Count - 1), createMissing: false, rawPath) is not var (folderPath, folder))
        {
            return;
        }

        if (entry.Type == LayerEntryType.OpaqueDirectory)
        {
            EmptyOfLowerContent(folder, folderPath);
        }
        else if (!_written.Contains(Join(folderPath, hidden)) && folder.HasChildren && folder.Children.Remove(hidden))
        {
            folder.MarkWrittenInto();
        }
    }

    private void EmptyOfLowerContent(ImageTreeSlot folder, string folderPath)
    {
        if (!folder.HasChildren)
        {
            return;
        }

        foreach (var (name, child) in folder.Children.ToList())
        {
            var path = Join(folderPath, name);
            if (!_written.Contains(path))
            {
                folder.Children.Remove(name);
                folder.MarkWrittenInto();
            }
            else if (child.IsDirectory)
            {
                EmptyOfLowerContent(child, path);
            }
        }
    }

    /// <summary>
    /// The folder reached through <paramref name="components"/>, and its resolved path ("" for the
    /// root), as <see cref="RootDirectory"/> walks a folder: a followed link's absolute target
    /// restarting at the root, ".." stopping there, a missing component entered by name and made
    /// (0755 root:root, no time) at the walk's end when <paramref name="createMissing"/>, else the
    /// result is null.
    /// </summary>
    private (string Path, ImageTreeSlot Slot)? Walk(IEnumerable<string> components, bool createMissing, string pathForMessages)
    {
        var resolved = ChrootWalk.Walk<(string Name, ImageTreeSlot? Slot)>(components, pathForMessages, (entered, component, _) =>
        {
            var current = entered.Count == 0 ? root : entered[^1].Slot;
            var candidate = current is { HasChildren: true } && current.Children.TryGetValue(component, out var found) ? found : null;
            if (candidate is { IsSymlink: true })
            {
                return ChrootStep<(string, ImageTreeSlot?)>.Follow(candidate.Node!.LinkTarget!);
            }

            if (candidate is { IsDirectory: false })
            {
                throw new KanikoException(FilesystemErrorCode.ParentNotDirectory,
                    $"'{pathForMessages}' needs '/{string.Join('/', entered.Select(step => step.Name).Append(component))}' to be a folder, but it is a file.");
            }

            return ChrootStep<(string, ImageTreeSlot?)>.Enter((component, candidate));
        });

        var folder = root;
        foreach (var (name, slot) in resolved)
        {
            if (slot is null && !createMissing)
            {
                return null;
            }

            folder = slot ?? Place(folder, name, new ImageTreeNode(LayerEntryType.Directory, CreatedDirectoryMode, 0, 0, null));
        }

        return (string.Join('/', resolved.Select(step => step.Name)), folder);
    }
}
