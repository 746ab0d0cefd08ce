using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Caching;

/// <summary>Applies a cached layer to a stage root as a base layer is applied: whiteouts delete, links and owners restored.</summary>
internal static class CachedLayerApplier
{
    public static async Task ExtractAsync(LocalLayer layer, string rootPath, CancellationToken cancellationToken)
    {
        await using var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await LayerExtractor.ExtractAsync(blob, rootPath, cancellationToken).ConfigureAwait(false);
    }
}
