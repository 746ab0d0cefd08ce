using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// Where a build with <c>--cache-dir</c> finds its registry base images. A reference pinned by
/// digest, or any reference with <c>--offline</c>, is read from the cache folder without a single
/// request. A tag costs one HEAD request: when the registry still names the cached manifest, the
/// cached blobs are used. Anything else (not cached, expired, the tag moved, a damaged blob) is
/// pulled into the folder first, so the next build finds it there.
/// </summary>
internal sealed class BaseImageCache
{
    private readonly RegistryClient _registry;
    private readonly string _cacheDirectory;
    private readonly bool _offline;
    private readonly TimeSpan? _ttl;
    private readonly ILogger _logger;
    private readonly BaseImageStore _store;
    private readonly WarmedImageIndex _index;
    private readonly CachedImageReader _reader;

    public BaseImageCache(string cacheDirectory, RegistryClient registry, bool offline, TimeSpan? ttl, ILogger logger)
    {
        _registry = registry;
        _cacheDirectory = cacheDirectory;
        _offline = offline;
        _ttl = ttl;
        _logger = logger;
        _store = new BaseImageStore(cacheDirectory);
        _index = new WarmedImageIndex(_store.Root);
        _reader = new CachedImageReader(_store);
    }

    public async Task<LocalImage> ResolveAsync(ImageReference reference, Platform platform, CancellationToken cancellationToken)
    {
        var entry = await _index.FindAsync(reference, cancellationToken).ConfigureAwait(false);
        if (_offline)
        {
            return await ReadOfflineAsync(reference, entry, platform, cancellationToken).ConfigureAwait(false);
        }

        var fresh = entry is not null && !entry.IsExpired(_ttl, DateTimeOffset.UtcNow);
        Digest? current = reference.Digest
            ?? (fresh ? await CurrentDigestAsync(reference, cancellationToken).ConfigureAwait(false) : null);
        if (current is { } digest)
        {
            var mediaType = entry?.Manifest.Digest == digest ? entry.Manifest.MediaType : null;
            var read = await _reader.ReadAsync(reference, digest, mediaType, platform, cancellationToken).ConfigureAwait(false);
            if (read.Image is { } image)
            {
                _logger.LogInformation("Using base image {Reference} ({Digest}) from the cache {Directory}", reference, digest, _store.Root);
                return image;
            }

            LogMiss(reference, read);
        }
        else
        {
            _logger.LogInformation("Base image {Reference} is {Why} in the cache {Directory}; pulling it into the cache", reference, entry is null ? "not" : "expired", _store.Root);
        }

        var pulled = await new BaseImagePuller(_registry, _store, _index, _logger).PullAsync(reference, [platform], force: false, cancellationToken).ConfigureAwait(false);
        var again = await _reader.ReadAsync(reference, pulled.Digest, null, platform, cancellationToken).ConfigureAwait(false);
        return again.Image ?? throw new KanikoException(
            BaseImageCacheErrorCode.Damaged,
            $"{reference} was pulled into the cache {_store.Root}, but reading it back failed: {again.Detail}. Is something else writing to the folder?");
    }

    private async Task<Digest> CurrentDigestAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await _registry.GetManifestDigestAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException error) when (error.Code == RegistryFailures.Unreachable)
        {
            throw new RegistryException(
                error.Code,
                error.Registry,
                error.StatusCode,
                $"{error.Message} {reference} is in the cache {_store.Root}: with --offline the build uses it without asking the registry.",
                error);
        }
    }

    private void LogMiss(ImageReference reference, CachedImageRead read)
    {
        if (read.Miss == CacheMiss.Damaged)
        {
            _logger.LogWarning("The cached base image {Reference} is not trusted: {Detail}; pulling it again", reference, read.Detail);
        }
        else
        {
            _logger.LogInformation("Base image {Reference} is not in the cache {Directory} ({Detail}); pulling it into the cache", reference, _store.Root, read.Detail);
        }
    }

    private async Task<LocalImage> ReadOfflineAsync(ImageReference reference, WarmedImage? entry, Platform platform, CancellationToken cancellationToken)
    {
        var top = reference.Digest ?? entry?.Manifest.Digest;
        if (top is null)
        {
            throw NotWarmed(reference, $"{reference} is not in the base image cache {_store.Root}", string.Empty);
        }

        if (reference.Digest is null && entry!.IsExpired(_ttl, DateTimeOffset.UtcNow))
        {
            _logger.LogWarning("The cached base image {Reference} was fetched {Fetched:u}, longer ago than the cache TTL; using it because of --offline", reference, entry.Fetched);
        }

        var read = await _reader.ReadAsync(reference, top.Value, entry?.Manifest.MediaType, platform, cancellationToken).ConfigureAwait(false);
        if (read.Image is { } image)
        {
            _logger.LogInformation("Using base image {Reference} ({Digest}) from the cache {Directory} (offline)", reference, top.Value, _store.Root);
            return image;
        }

        throw read.Miss switch
        {
            CacheMiss.PlatformNotCached => new KanikoException(
                BaseImageCacheErrorCode.PlatformNotWarmed,
                $"The base image {reference} in the cache {_store.Root} has no image for {platform}: {read.Detail}, and --offline forbids pulling it. Run 'dotnet kaniko warm --image {reference} --custom-platform {platform} --cache-dir {_cacheDirectory}' while online."),
            CacheMiss.Damaged => new KanikoException(
                BaseImageCacheErrorCode.Damaged,
                $"The cached base image {reference} in {_store.Root} is damaged: {read.Detail}. It is not used, and --offline forbids pulling it again. Run 'dotnet kaniko warm --force --image {reference} --cache-dir {_cacheDirectory}' while online."),
            _ => NotWarmed(reference, $"{reference} is not in the base image cache {_store.Root}", $" ({read.Detail})"),
        };
    }

    private KanikoException NotWarmed(ImageReference reference, string what, string detail)
        => new(
            BaseImageCacheErrorCode.NotWarmed,
            $"{what}{detail} and --offline forbids pulling it. Run 'dotnet kaniko warm --image {reference} --cache-dir {_cacheDirectory}' while online first.");
}
