using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Warming;

/// <summary>
/// <c>dotnet kaniko warm</c>: fills the cache folder with base images so builds with
/// <c>--cache-dir</c> need not pull them (and with <c>--offline</c> need no registry at all). An
/// image whose entry is younger than the TTL and whose blobs all verify is left alone without a
/// request; an expired one is fetched again (blobs that verify are kept); <c>--force</c> downloads
/// everything again.
/// </summary>
public sealed class BaseImageWarmer(ILogger logger)
{
    public async Task<IReadOnlyList<PulledImage>> WarmAsync(WarmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var platforms = request.Platforms.Count == 0 ? [Platform.Host] : request.Platforms.Distinct().ToList();
        var wanted = Wanted(request, platforms);
        if (wanted.Count == 0)
        {
            throw new KanikoException(
                BaseImageCacheErrorCode.NothingToWarm,
                request.DockerfilePath is null
                    ? "Nothing to warm: name images with --image or a Dockerfile with --dockerfile."
                    : $"Nothing to warm: the Dockerfile '{request.DockerfilePath}' builds on no registry image (only scratch, stages or local layouts), and no --image was given.");
        }

        var store = new BaseImageStore(request.CacheDirectory);
        var index = new WarmedImageIndex(store.Root);
        var reader = new CachedImageReader(store);
        using var registry = new RegistryClient(request.Registries, logger);
        var puller = new BaseImagePuller(registry, store, index, logger);
        var results = new List<PulledImage>();
        foreach (var (reference, imagePlatforms) in wanted)
        {
            if (!request.Force && await UpToDateAsync(reference, imagePlatforms, request.Ttl, index, reader, cancellationToken).ConfigureAwait(false) is { } digest)
            {
                logger.LogInformation("{Reference} is already in the cache ({Digest}) for {Platforms}", reference, digest, string.Join(", ", imagePlatforms));
                results.Add(new PulledImage(reference, digest, 0, 0) { UpToDate = true });
                continue;
            }

            results.Add(await puller.PullAsync(reference, imagePlatforms, request.Force, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Each reference once, with every platform it is wanted for, in the order first named.</summary>
    private static List<(ImageReference Reference, List<Platform> Platforms)> Wanted(WarmRequest request, List<Platform> platforms)
    {
        var named = request.Images.Select(image => (image, (string?)null)).ToList();
        if (request.DockerfilePath is { } dockerfile)
        {
            named.AddRange(DockerfileBaseImages.Find(Path.GetFullPath(dockerfile), request.BuildArguments, platforms[0].ToString()));
        }

        var wanted = new List<(ImageReference Reference, List<Platform> Platforms)>();
        foreach (var (image, platform) in named)
        {
            var reference = ImageReference.Parse(image);
            var entry = wanted.FirstOrDefault(w => w.Reference == reference);
            if (entry.Reference is null)
            {
                entry = (reference, []);
                wanted.Add(entry);
            }

            foreach (var each in platform is null ? platforms : [Platform.Parse(platform)])
            {
                if (!entry.Platforms.Contains(each))
                {
                    entry.Platforms.Add(each);
                }
            }
        }

        return wanted;
    }

    /// <returns>The cached digest when the entry is fresh and every platform's blobs verify; else null.</returns>
    private static async Task<Digest?> UpToDateAsync(
        ImageReference reference, List<Platform> platforms, TimeSpan? ttl, WarmedImageIndex index, CachedImageReader reader, CancellationToken cancellationToken)
    {
        var entry = await index.FindAsync(reference, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.IsExpired(ttl, DateTimeOffset.UtcNow))
        {
            return null;
        }

        foreach (var platform in platforms)
        {
            var read = await reader.ReadAsync(reference, entry.Manifest.Digest, entry.Manifest.MediaType, platform, cancellationToken).ConfigureAwait(false);
            if (read.Image is null)
            {
                return null;
            }
        }

        return entry.Manifest.Digest;
    }
}
