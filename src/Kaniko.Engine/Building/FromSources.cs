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
    Func<string, Task<BuiltStage>?> findStage,
    Func<string, CancellationToken, Task<LocalImage>> resolveImage,
    string imagesDirectory,
    ILogger logger) : IFromSources
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _images = new(StringComparer.Ordinal);

    public async Task<string> RootOfAsync(string reference, CancellationToken cancellationToken)
    {
        if (findStage(reference) is { } stage)
        {
            var built = await stage.ConfigureAwait(false);
            if (built.Root is { } root)
            {
                if (root.ExtractsNothing)
                {
                    throw new KanikoException(CommandErrorCode.StageNotAvailable, $"stage {reference} ran nothing that reads its files (after its cache hits), so they were not extracted and an ONBUILD trigger cannot copy from it.");
                }

                await root.ExtractAsync(cancellationToken).ConfigureAwait(false);
            }

            return built.RootPath;
        }

        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new KanikoException(CommandErrorCode.StageNotAvailable, $"stage {reference} is not built before this one.");
        }

        return await _images.GetOrAdd(reference, name => new Lazy<Task<string>>(() => ExtractImageAsync(name, cancellationToken))).Value.ConfigureAwait(false);
    }

    private async Task<string> ExtractImageAsync(string reference, CancellationToken cancellationToken)
    {
        var image = await resolveImage(reference, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(imagesDirectory, image.ManifestDigest.Hex);
        Directory.CreateDirectory(folder);
        logger.LogInformation("Extracting {Reference} for COPY --from", reference);
        await LocalLayerExtraction.ExtractAllAsync(image.Layers, folder, cancellationToken).ConfigureAwait(false);

        return folder;
    }
}
