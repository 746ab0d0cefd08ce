namespace Kaniko.Engine.Layers;

/// <summary>
/// The file tree a stack of layers leaves: what <see cref="LayerExtractor.ExtractAsync"/> of the same
/// layers in order onto an empty folder writes, minus file data, as a privileged (root) extraction
/// writes it. Built from <see cref="LayerListing"/>s, so a COPY-only stage needs no extracted base.
/// A folder's time is null where extraction leaves the time of the extraction itself: a folder
/// made for a missing parent, or one a later layer wrote into without declaring it again. A tree whose
/// <see cref="Apply"/> threw is half applied and not to be used.
/// </summary>
internal sealed class ImageTree
{
    private readonly ImageTreeSlot _root = new(null);

    /// <summary>The layers applied in order, base first.</summary>
    public static ImageTree Merge(IEnumerable<LayerListing> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var tree = new ImageTree();
        foreach (var layer in layers)
        {
            tree.Apply(layer);
        }

        return tree;
    }

    /// <summary>Every node, parents before children, siblings in ordinal order; the root is not listed.</summary>
    public IEnumerable<(string Path, ImageTreeNode Node)> Entries => Walk(_root, string.Empty);

    /// <summary>One more layer on top, with the extractor's rules and errors.</summary>
    public void Apply(LayerListing layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        new ImageTreeLayer(_root).Apply(layer);
    }

    /// <summary>
    /// The node at <paramref name="imagePath"/> (absolute, normalized: "/usr/lib/x"), following no
    /// link; null when nothing is there, and for "/" (the root folder belongs to the caller).
    /// </summary>
    public ImageTreeNode? Find(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        var slot = _root;
        foreach (var component in imagePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!slot.HasChildren || !slot.Children.TryGetValue(component, out var child))
            {
                return null;
            }

            slot = child;
        }

        return slot.Node;
    }

    private static IEnumerable<(string Path, ImageTreeNode Node)> Walk(ImageTreeSlot folder, string folderPath)
    {
        if (!folder.HasChildren)
        {
            yield break;
        }

        foreach (var (name, child) in folder.Children.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var path = folderPath + "/" + name;
            yield return (path, child.Node!);
            foreach (var descendant in Walk(child, path))
            {
                yield return descendant;
            }
        }
    }
}
