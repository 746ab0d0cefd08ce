using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// Pushes local images to registries: blobs first (those present are skipped, those in another
/// repository of the same registry mounted), then the manifest; several platform images as one index.
/// </summary>
public static class RegistryPusher
{
    // As docker push (its default max-concurrent-uploads); each blob is a HEAD, a POST and a PUT, mostly waiting.
    private const int ParallelUploads = 5;

    public static Task<Digest> PushAsync(RegistryClient client, LocalImage image, ImageReference destination, ILogger logger, CancellationToken cancellationToken)
        => PushAsync(client, image, destination, alsoIn: null, logger, cancellationToken);

    /// <summary>
    /// Pushes to every destination in order. Each blob crosses the network once per registry: a later
    /// destination on a registry mounts it from the first repository it was pushed to there (or skips
    /// it when it is the same repository).
    /// </summary>
    /// <returns>The manifest digest, per destination.</returns>
    public static async Task<IReadOnlyList<Digest>> PushAllAsync(
        RegistryClient client, LocalImage image, IReadOnlyList<ImageReference> destinations, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        var firstPerRegistry = new Dictionary<string, ImageReference>(StringComparer.OrdinalIgnoreCase);
        var digests = new List<Digest>();
        foreach (var destination in destinations)
        {
            var registry = RegistryName.Normalize(destination.Registry);
            firstPerRegistry.TryGetValue(registry, out var pushedThere);
            digests.Add(await PushAsync(client, image, destination, pushedThere, logger, cancellationToken).ConfigureAwait(false));
            firstPerRegistry.TryAdd(registry, destination);
        }

        return digests;
    }

    /// <summary>
    /// Pushes each image by digest, then an index of them under the destination's tag: an OCI index,
    /// or a Docker manifest list when every image is a Docker schema 2 one. Each descriptor carries its
    /// image's platform, from its config.
    /// </summary>
    /// <returns>The index's digest.</returns>
    public static async Task<Digest> PushIndexAsync(
        RegistryClient client, IReadOnlyList<LocalImage> images, ImageReference destination, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(destination);
        if (images.Count == 0)
        {
            throw new ArgumentException("An index needs at least one image.", nameof(images));
        }

        foreach (var image in images)
        {
            var pinned = ImageReference.Parse($"{destination.Name}@{image.ManifestDigest}");
            await PushAsync(client, image, pinned, alsoIn: null, logger, cancellationToken).ConfigureAwait(false);
        }

        var manifests = images.Select(image => new Descriptor
        {
            MediaType = image.ManifestMediaType,
            Digest = image.ManifestDigest,
            Size = image.ManifestBytes.Length,
            Platform = image.Config.Platform,
        }).ToList();
        return await PutIndexAsync(client, manifests, [destination], logger, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes an index over images already in the destinations' repository (as a multi-RID publish
    /// pushes each RID's image first, by tag), under every destination: each entry is the image's
    /// manifest as the registry has it, with the platform given for it.
    /// </summary>
    /// <returns>The index's digest.</returns>
    public static async Task<Digest> PushIndexOverPushedAsync(
        RegistryClient client, IReadOnlyList<(ImageReference Image, Platform Platform)> pushed, IReadOnlyList<ImageReference> destinations, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(pushed);
        ArgumentNullException.ThrowIfNull(destinations);
        if (pushed.Count == 0 || destinations.Count == 0)
        {
            throw new ArgumentException("An index needs at least one image and one destination.", pushed.Count == 0 ? nameof(pushed) : nameof(destinations));
        }

        var manifests = new List<Descriptor>();
        foreach (var (image, platform) in pushed)
        {
            var manifest = await client.GetManifestAsync(image, cancellationToken).ConfigureAwait(false);
            manifests.Add(new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Bytes.Length, Platform = platform });
        }

        return await PutIndexAsync(client, manifests, destinations, logger, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Digest> PutIndexAsync(
        RegistryClient client, List<Descriptor> manifests, IReadOnlyList<ImageReference> destinations, ILogger logger, CancellationToken cancellationToken)
    {
        var index = ImageIndex.Over(manifests);
        var bytes = index.ToJson();
        var digest = Digest.Sha256(bytes);
        foreach (var destination in destinations)
        {
            digest = await client.PutManifestAsync(destination, index.MediaType!, bytes, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Pushed the index {Reference}@{Digest} of {Count} platforms", destination, digest, manifests.Count);
        }

        return digest;
    }

    /// <param name="alsoIn">A repository on the destination's registry that already received this image's blobs.</param>
    private static async Task<Digest> PushAsync(
        RegistryClient client, LocalImage image, ImageReference destination, ImageReference? alsoIn, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        // The config goes up beside the layers: only the manifest must wait for every blob.
        var config = UploadConfigAsync(client, image, destination, alsoIn, cancellationToken);
        await Parallel.ForEachAsync(
            image.Layers,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken },
            async (layer, token) =>
            {
                await using var content = new OnDemandBlobStream(layer);
                var mountFrom = SameRegistry(layer.Source, destination) ? layer.Source : alsoIn;
                await client.UploadBlobAsync(destination, layer.Descriptor.Digest, layer.Descriptor.Size, content, mountFrom, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        await config.ConfigureAwait(false);

        var digest = await client.PutManifestAsync(destination, image.ManifestMediaType, image.ManifestBytes, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Pushed {Reference}@{Digest}", destination, digest);
        return digest;
    }

    private static async Task UploadConfigAsync(RegistryClient client, LocalImage image, ImageReference destination, ImageReference? alsoIn, CancellationToken cancellationToken)
    {
        using var config = new MemoryStream(image.ConfigBytes, writable: false);
        await client.UploadBlobAsync(destination, image.Manifest.Config.Digest, image.ConfigBytes.Length, config, alsoIn, cancellationToken).ConfigureAwait(false);
    }

    private static bool SameRegistry(ImageReference? source, ImageReference destination)
        => source is not null && RegistryName.Normalize(source.Registry) == RegistryName.Normalize(destination.Registry);
}
