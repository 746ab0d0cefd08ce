using Kaniko.Engine.Caching;
using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>The caches a build request asks for: <c>--cache</c>'s layer cache and <c>--cache-dir</c>'s base images.</summary>
internal static class RequestedCaches
{
    /// <summary>
    /// The cache a request asks for, or null without <c>--cache</c>. The repository is --cache-repo,
    /// else (with no --cache-dir) the first destination's repository + <c>/cache</c>.
    /// </summary>
    public static LayerCache? LayerCacheFor(BuildRequest request, IReadOnlyList<ImageReference> destinations, RegistryClient registry, BlobStore blobs, ILogger logger)
    {
        var options = request.Cache;
        if (!options.Enabled)
        {
            return null;
        }

        if (request.SingleSnapshot)
        {
            logger.LogWarning(LayerCacheErrorCode.CacheUnusable + ": --cache does nothing with --single-snapshot: the stage's one layer is made after all its instructions");
            return null;
        }

        var lookIn = new List<ILayerCacheStore>();
        var writeTo = new List<ILayerCacheStore>();
        if (request.CacheDirectory is { } folder)
        {
            var local = new LocalLayerCache(Path.Combine(folder, "layers"), options.Time, logger);
            lookIn.Add(local);
            writeTo.Add(local);
        }

        var repository = options.Repository is { } named
            ? LayerCache.ParseRepository(named)
            : request.CacheDirectory is null && destinations.Count > 0 ? ImageReference.Parse(destinations[0].Name + "/cache") : null;
        if (repository is not null)
        {
            var remote = new RegistryLayerCache(registry, repository, options.Time, logger);
            lookIn.Add(remote);
            if (!options.NoPush)
            {
                writeTo.Add(remote);
            }
        }

        if (lookIn.Count == 0)
        {
            logger.LogWarning(LayerCacheErrorCode.CacheUnusable + ": --cache has nowhere to keep layers: give --cache-repo, --cache-dir or a --destination");
            return null;
        }

        logger.LogInformation("Layer cache: {Stores}", string.Join(", ", lookIn.Select(s => s.Name)));
        return new LayerCache(lookIn, writeTo, options, blobs, logger);
    }

    /// <summary>The cache the request asks for, or null without <c>--cache-dir</c>.</summary>
    public static BaseImageCache? BaseImageCacheFor(BuildRequest request, RegistryClient registry, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CacheDirectory is null)
        {
            return request.Offline
                ? throw new KanikoException(BaseImageCacheErrorCode.OfflineWithoutCache, "--offline takes base images from the cache folder only: give it with --cache-dir (filled by 'dotnet kaniko warm').")
                : null;
        }

        return new BaseImageCache(request.CacheDirectory, registry, request.Offline, request.Cache.TimeToLive, logger);
    }
}
