namespace Kaniko.Engine.Layers;

/// <summary>One place in an <see cref="ImageTree"/>: its node, and its children when it is a folder.</summary>
internal sealed class ImageTreeSlot(ImageTreeNode? node)
{
    /// <summary>Null only for the root, which belongs to the caller.</summary>
    public ImageTreeNode? Node { get; set; } = node;

    private Dictionary<string, ImageTreeSlot>? _children;

    public Dictionary<string, ImageTreeSlot> Children => _children ??= new(StringComparer.Ordinal);

    public bool HasChildren => _children is { Count: > 0 };

    /// <summary>
    /// A child was made or removed: on disk the folder now has the time of the extraction, until
    /// an entry of the layer that declares it sets its time at the layer's end.
    /// </summary>
    public void MarkWrittenInto()
    {
        if (Node is { ModificationTime: not null })
        {
            Node = Node with { ModificationTime = null };
        }
    }

    public bool IsDirectory => Node is null || Node.Type == Layers.LayerEntryType.Directory;

    public bool IsSymlink => Node is { Type: Layers.LayerEntryType.Symlink };
}
