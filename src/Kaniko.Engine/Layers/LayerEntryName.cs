using System.Text;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Layers;

/// <summary>
/// The components of a tar entry name read from a layer, cleaned as containerd cleans them before it
/// resolves anything: a leading "/" or "./" is the root (layers are rooted by definition), "." and
/// empty components go, and ".." takes back the component before it, stopping at the root. A name
/// that cleans to the root has no components.
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

        // Lexical, as Go's filepath.Clean: "a/../b" is "b" whatever "a" is on disk.
        var components = RootDirectory.Normalize(name).Split('/', StringSplitOptions.RemoveEmptyEntries);
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
