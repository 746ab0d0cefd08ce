using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Caching;

/// <summary>
/// Layers by key in <c>--cache-dir</c>'s <c>layers/</c> folder, an OCI image layout: each entry a
/// one-layer image (<see cref="CacheImage"/>) named in index.json by its key. Blobs are written
/// durably (<see cref="DurableFile"/>) before index.json names them, and index.json is rewritten
/// whole under a lock, so concurrent builds never see a half-written entry and a killed build
/// leaves at most unnamed blobs. Every blob is verified when read.
/// </summary>
internal sealed class LocalLayerCache(string directory, TimeProvider time, ILogger logger) : ILayerCacheStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);
    private readonly Lock _lookupGate = new();
    private int _sweptTemporaries;
    private Task<ImageIndex?>? _indexAtStart;

    public string Name => directory;

    private readonly OciLayoutFolder _layout = new(directory);

    private string IndexPath => _layout.IndexPath;

    public async Task<LayerCacheEntry?> LookupAsync(string key, CancellationToken cancellationToken)
    {
        var descriptor = (await IndexAtStartAsync(cancellationToken).ConfigureAwait(false))?.Manifests.LastOrDefault(d => OciLayout.RefName(d) == key);
        if (descriptor is null)
        {
            return null;
        }

        var manifestBytes = await ReadVerifiedAsync(descriptor, cancellationToken).ConfigureAwait(false);
        return manifestBytes is null ? null : CacheImage.Read(key, ImageManifest.Parse(manifestBytes));
    }

    public async Task<LocalLayer?> FetchAsync(LayerCacheEntry entry, BlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry.Layer);
        var path = OciLayout.BlobPath(directory, entry.Layer.Digest);
        try
        {
            await using var stored = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var (digest, size, copy) = await blobs.ImportAsync(stored, cancellationToken).ConfigureAwait(false);
            if (digest == entry.Layer.Digest && size == entry.Layer.Size)
            {
                return new LocalLayer(entry.Layer, entry.DiffId!.Value, copy);
            }

            logger.LogWarning(LayerCacheErrorCode.CachedLayerDamaged + ": the cached layer {Digest} in {Folder} is corrupt ({Size} bytes, digest {Actual}); it is ignored and rebuilt", entry.Layer.Digest, directory, size, digest);
        }
        catch (FileNotFoundException)
        {
            logger.LogWarning(LayerCacheErrorCode.CachedLayerDamaged + ": the cached layer {Digest} is missing from {Folder}; the step is rebuilt", entry.Layer.Digest, directory);
        }

        return null;
    }

    public async Task StoreAsync(LayerCacheRecord record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(directory, "blobs", Digest.Sha256Algorithm));
        if (Interlocked.Exchange(ref _sweptTemporaries, 1) == 0)
        {
            SweepAbandonedTemporaries();
        }

        await _layout.CreateAsync(cancellationToken).ConfigureAwait(false);
        if (record.Layer is { } layer)
        {
            await DurableFile.WriteAsync(OciLayout.BlobPath(directory, layer.Descriptor.Digest), (output, token) => CopyLayerAsync(layer.BlobPath, output, token), cancellationToken).ConfigureAwait(false);
        }

        var (manifest, config, configDescriptor) = CacheImage.Create(record, time.GetUtcNow());
        await DurableFile.WriteAsync(OciLayout.BlobPath(directory, configDescriptor.Digest), config, cancellationToken).ConfigureAwait(false);
        var manifestDescriptor = new Descriptor
        {
            MediaType = MediaTypes.OciManifest,
            Digest = Digest.Sha256(manifest),
            Size = manifest.Length,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [OciLayout.RefNameAnnotation] = record.Key,
                [CacheImage.ParentAnnotation] = record.Parent,
                [CacheImage.FieldsAnnotation] = record.FieldDigests,
            },
        };
        await DurableFile.WriteAsync(OciLayout.BlobPath(directory, manifestDescriptor.Digest), manifest, cancellationToken).ConfigureAwait(false);
        await UpdateIndexAsync(index =>
        {
            index.Manifests.RemoveAll(d => OciLayout.RefName(d) == record.Key);
            index.Manifests.Add(manifestDescriptor);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> ExplainMissAsync(string parent, string fieldDigests, CancellationToken cancellationToken)
    {
        var sibling = (await IndexAtStartAsync(cancellationToken).ConfigureAwait(false))?.Manifests
            .LastOrDefault(d => d.Annotations?.GetValueOrDefault(CacheImage.ParentAnnotation) == parent);
        if (sibling?.Annotations?.GetValueOrDefault(CacheImage.FieldsAnnotation) is not { } stored)
        {
            return null;
        }

        var changed = FieldDigests.Differences(stored, fieldDigests);
        return changed.Count == 0 ? null : $"{string.Join(", ", changed)} changed since {OciLayout.RefName(sibling)![..12]}";
    }

    /// <summary>Deletes temp files that killed builds left (those not written to for a day; a live write touches its file constantly).</summary>
    private void SweepAbandonedTemporaries()
    {
        DurableFile.SweepAbandoned(directory, AbandonedAfter);
        DurableFile.SweepAbandoned(Path.Combine(directory, "blobs", Digest.Sha256Algorithm), AbandonedAfter);
    }

    private static async Task CopyLayerAsync(string source, Stream output, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]?> ReadVerifiedAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        var path = OciLayout.BlobPath(directory, descriptor.Digest);
        if (!File.Exists(path))
        {
            logger.LogWarning(LayerCacheErrorCode.CachedLayerDamaged + ": {Path} named by the layer cache index is missing; the entry is ignored", path);
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == descriptor.Size && descriptor.Digest.Matches(bytes))
        {
            return bytes;
        }

        logger.LogWarning(LayerCacheErrorCode.CachedLayerDamaged + ": {Path} in the layer cache is corrupt; the entry is ignored and rebuilt", path);
        return null;
    }

    /// <summary>index.json as the first lookup of this build read it: a stage's parallel lookups parse it once.</summary>
    private Task<ImageIndex?> IndexAtStartAsync(CancellationToken cancellationToken)
    {
        lock (_lookupGate)
        {
            return _indexAtStart ??= ReadIndexAsync(cancellationToken);
        }
    }

    private async Task<ImageIndex?> ReadIndexAsync(CancellationToken cancellationToken)
    {
        try
        {
            return _layout.HasIndex ? await _layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false) : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (KanikoException error)
        {
            logger.LogWarning(LayerCacheErrorCode.IndexUnreadable + ": the layer cache index {Path} is unreadable ({Reason}); nothing in it is used", IndexPath, error.Message);
            return null;
        }
    }

    private async Task UpdateIndexAsync(Action<ImageIndex> change, CancellationToken cancellationToken)
    {
        using var held = await _layout.LockIndexAsync(LockTimeout, cancellationToken).ConfigureAwait(false);
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false) ?? OciLayoutFolder.EmptyIndex();
        change(index);
        await _layout.WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
    }
}
