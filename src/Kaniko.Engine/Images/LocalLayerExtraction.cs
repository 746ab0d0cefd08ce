using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Images;

/// <summary>Applies an image's layers to a root folder in order, fetching the ones still in their registry side by side.</summary>
internal static class LocalLayerExtraction
{
    public static async Task ExtractAllAsync(IReadOnlyList<LocalLayer> layers, string rootDirectory, CancellationToken cancellationToken)
    {
        var fetched = layers.Select(layer => layer.EnsureLocalAsync(cancellationToken)).ToList();
        for (var i = 0; i < layers.Count; i++)
        {
            await fetched[i].ConfigureAwait(false);
            await using var blob = new FileStream(layers[i].BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await LayerExtractor.ExtractAsync(blob, rootDirectory, cancellationToken).ConfigureAwait(false);
        }
    }
}
