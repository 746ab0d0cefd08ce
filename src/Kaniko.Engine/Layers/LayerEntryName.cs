namespace Kaniko.Engine.Layers;

/// <summary>
/// The components of a tar entry name read from a layer. A leading "/" or "./" is taken as the
/// root (layers are rooted by definition); ".." is rejected rather than clamped, since no honest
/// layer needs it.
/// </summary>
internal static class LayerEntryName
{
    public static string[] Split(string name, string entryForMessages)
    {
        var components = name.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(component => component != ".")
            .ToArray();
        if (components.Contains(".."))
        {
            throw new KanikoException(
                LayerErrorCode.PathEscapesRoot,
                $"Layer entry '{entryForMessages}' has a '..' component; a layer must not reach outside its root.");
        }

        if (Array.Exists(components, component => component.Contains('\0', StringComparison.Ordinal)))
        {
            throw new KanikoException(LayerErrorCode.PathEscapesRoot, $"Layer entry '{entryForMessages}' has a NUL character.");
        }

        return components;
    }
}
