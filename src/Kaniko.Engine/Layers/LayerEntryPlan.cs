using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// Turns the entries a caller lists into the tar entries of a layer, in order: validated; sorted so
/// parents precede children and an opaque marker precedes its siblings; whiteouts under a deleted
/// directory dropped (the directory's whiteout hides them already); files that share an inode
/// written once and then as hard links to the first.
/// </summary>
internal static class LayerEntryPlan
{
    public const string WhiteoutPrefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    public static List<PlannedTarEntry> Make(IEnumerable<LayerEntry> entries, LayerWriteOptions options)
    {
        var listed = entries.ToList();
        foreach (var entry in listed)
        {
            Validate(entry);
        }

        var deleted = listed.Where(entry => entry.Type == LayerEntryType.Whiteout).Select(entry => entry.Path).ToHashSet(StringComparer.Ordinal);
        var planned = listed
            .Where(entry => entry.Type is not (LayerEntryType.Whiteout or LayerEntryType.OpaqueDirectory) || !UnderAny(entry.Path, deleted))
            .Select(entry => new PlannedTarEntry(TarName(entry), SortKey(entry), entry, entry.Type, entry.LinkTarget))
            .ToList();
        planned.Sort((x, y) => LayerPathComparer.Instance.Compare(x.SortKey, y.SortKey));
        for (var i = 1; i < planned.Count; i++)
        {
            if (planned[i].SortKey == planned[i - 1].SortKey)
            {
                throw new ArgumentException($"The layer lists '{planned[i].Entry.Path}' twice.", nameof(entries));
            }
        }

        if (options.DetectHardlinks)
        {
            LinkSharedInodes(planned);
        }

        return planned;
    }

    private static void LinkSharedInodes(List<PlannedTarEntry> planned)
    {
        var first = new Dictionary<(long Device, long Inode), string>();
        using var sources = new LayerSourceFolder();
        for (var i = 0; i < planned.Count; i++)
        {
            var entry = planned[i].Entry;
            if (entry.Type != LayerEntryType.File || sources.Status(entry.SourcePath!) is not { LinkCount: > 1 } status)
            {
                continue;
            }

            if (first.TryGetValue((status.Device, status.Inode), out var target))
            {
                planned[i] = planned[i] with { Type = LayerEntryType.Hardlink, LinkTarget = target };
            }
            else
            {
                first.Add((status.Device, status.Inode), entry.Path);
            }
        }
    }

    private static bool UnderAny(string path, HashSet<string> directories)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            if (directories.Contains(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static string TarName(LayerEntry entry) => entry.Type switch
    {
        LayerEntryType.Directory => entry.Path + "/",
        LayerEntryType.Whiteout => Sibling(entry.Path, WhiteoutPrefix + Name(entry.Path)),
        LayerEntryType.OpaqueDirectory => entry.Path + "/" + OpaqueMarker,
        _ => entry.Path,
    };

    // "/\0" sorts before every child of the directory, so the marker comes right after the directory.
    private static string SortKey(LayerEntry entry) => entry.Type switch
    {
        LayerEntryType.Whiteout => TarName(entry),
        LayerEntryType.OpaqueDirectory => entry.Path + "/\0",
        _ => entry.Path,
    };

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Sibling(string path, string name)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? name : path[..(slash + 1)] + name;
    }

    private static void Validate(LayerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = entry.Path;
        if (string.IsNullOrEmpty(path) || path[0] == '/' || path[^1] == '/' || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Layer entry path '{path}' must be relative, without a leading or trailing '/'.", nameof(entry));
        }

        foreach (var range in path.AsSpan().Split('/'))
        {
            var component = path.AsSpan()[range];
            if (component is "" or "." or "..")
            {
                throw new ArgumentException($"Layer entry path '{path}' has an empty, '.' or '..' component.", nameof(entry));
            }

            if (component.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Layer entry path '{path}' has a component starting with '{WhiteoutPrefix}', which layers reserve for whiteouts.", nameof(entry));
            }
        }

        if (entry.Mode is < 0 or > 0xFFF)
        {
            throw new ArgumentException($"Layer entry '{path}' has mode {Convert.ToString(entry.Mode, 8)}, beyond 7777.", nameof(entry));
        }

        switch (entry.Type)
        {
            case LayerEntryType.File when entry.SourcePath is null:
                throw new ArgumentException($"Layer entry '{path}' is a file without a SourcePath.", nameof(entry));
            case LayerEntryType.Symlink or LayerEntryType.Hardlink when string.IsNullOrEmpty(entry.LinkTarget):
                throw new ArgumentException($"Layer entry '{path}' is a link without a LinkTarget.", nameof(entry));
            case < LayerEntryType.File or > LayerEntryType.OpaqueDirectory:
                throw new ArgumentException($"Layer entry '{path}' has an unknown type {entry.Type}.", nameof(entry));
        }
    }
}
