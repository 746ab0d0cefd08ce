using System.Text;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The components of a tar entry name read from a layer. A leading "/" or "./" is taken as the
/// root (layers are rooted by definition); ".." is rejected rather than clamped, since no honest
/// layer needs it.
/// </summary>
internal static class LayerEntryName
{
    // Linux's PATH_MAX and NAME_MAX: a longer name could not be created, so it is refused up front.
    public const int MaxPathBytes = 4095;
    public const int MaxComponentBytes = 255;

    public static string[] Split(string name, string entryForMessages)
    {
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new KanikoException(LayerErrorCode.InvalidEntryName, $"Layer entry '{Printable(entryForMessages)}' has a NUL character in a name.");
        }

        var components = name.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(component => component != ".")
            .ToArray();
        if (components.Contains(".."))
        {
            throw new KanikoException(
                LayerErrorCode.PathEscapesRoot,
                $"Layer entry '{entryForMessages}' has a '..' component; a layer must not reach outside its root.");
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxPathBytes
            || Array.Exists(components, component => Encoding.UTF8.GetByteCount(component) > MaxComponentBytes))
        {
            throw new KanikoException(
                LayerErrorCode.PathTooLong,
                $"Layer entry '{Shorten(entryForMessages)}' names a path longer than Linux allows ({MaxPathBytes} bytes, {MaxComponentBytes} per component).");
        }

        return components;
    }

    public static string Printable(string name) => name.Replace("\0", "\\0", StringComparison.Ordinal);

    public static string Shorten(string name) => name.Length <= 200 ? name : name[..100] + "..." + name[^100..];
}
