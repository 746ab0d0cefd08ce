using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Outputs;

/// <summary>Pushes a local image to a registry: blobs first (those present are skipped), then the manifest.</summary>
public static class RegistryPusher
{
    private const int ParallelUploads = 3;

    public static async Task<Digest> PushAsync(RegistryClient client, LocalImage image, ImageReference destination, ILogger logger, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            image.Layers,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken },
            async (layer, token) =>
            {
                await using var content = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                await client.UploadBlobAsync(destination, layer.Descriptor.Digest, layer.Descriptor.Size, content, layer.Source, token).ConfigureAwait(false);
            }).ConfigureAwait(false);

        using (var config = new MemoryStream(image.ConfigBytes, writable: false))
        {
            await client.UploadBlobAsync(destination, image.Manifest.Config.Digest, image.ConfigBytes.Length, config, cancellationToken).ConfigureAwait(false);
        }

        var digest = await client.PutManifestAsync(destination, image.ManifestMediaType, image.ManifestBytes, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Pushed {Reference}@{Digest}", destination, digest);
        return digest;
    }
}
