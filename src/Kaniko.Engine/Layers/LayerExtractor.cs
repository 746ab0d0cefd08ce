namespace Kaniko.Engine.Layers;

/// <summary>
/// Applies a layer (gzip or plain tar) to a root folder entry by entry, with whiteouts and opaque
/// directories, without ever writing outside the root: every parent is resolved inside the root and
/// the last component of a path is never followed.
/// </summary>
public static class LayerExtractor
{
    public static async Task ExtractAsync(Stream layer, string rootDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Layers are extracted on Linux only.");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        Directory.CreateDirectory(root);
        var tar = await LayerDecompression.OpenTarAsync(layer, cancellationToken).ConfigureAwait(false);
        await using (tar.ConfigureAwait(false))
        {
            await new LayerApplier(root).ApplyAsync(tar, cancellationToken).ConfigureAwait(false);
        }
    }
}
