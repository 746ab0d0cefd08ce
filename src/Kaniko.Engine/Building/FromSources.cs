using System.Collections.Concurrent;
using System.Globalization;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Where <c>COPY --from</c> reads: a built stage's own root folder (by name or index), or an image
/// pulled once per build and extracted into a folder of its own.
/// </summary>
internal sealed class FromSources(
    IReadOnlyList<BuiltStage> stages,
    Func<string, CancellationToken, Task<LocalImage>> resolveImage,
    string imagesDirectory,
    ILogger logger) : IFromSources
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _images = new(StringComparer.Ordinal);

    public Task<string> RootOfAsync(string reference, CancellationToken cancellationToken)
    {
        var stage = int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? stages.FirstOrDefault(s => s.Index == index)
            : stages.FirstOrDefault(s => string.Equals(s.Name, reference, StringComparison.OrdinalIgnoreCase));
        if (stage is not null)
        {
            return Task.FromResult(stage.RootPath);
        }

        if (index.ToString(CultureInfo.InvariantCulture) == reference)
        {
            throw new KanikoException("KANIKO3205", $"stage {reference} has not been built before this one.");
        }

        return _images.GetOrAdd(reference, name => new Lazy<Task<string>>(() => ExtractImageAsync(name, cancellationToken))).Value;
    }

    private async Task<string> ExtractImageAsync(string reference, CancellationToken cancellationToken)
    {
        var image = await resolveImage(reference, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(imagesDirectory, image.ManifestDigest.Hex);
        Directory.CreateDirectory(folder);
        logger.LogInformation("Extracting {Reference} for COPY --from", reference);
        foreach (var layer in image.Layers)
        {
            await using var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await LayerExtractor.ExtractAsync(blob, folder, cancellationToken).ConfigureAwait(false);
        }

        return folder;
    }
}
