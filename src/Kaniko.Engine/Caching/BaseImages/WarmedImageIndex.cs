using System.Globalization;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// The cache's index from reference to manifest, which is the OCI layout's own <c>index.json</c>:
/// one descriptor per warmed reference (the manifest or index exactly as the registry served it)
/// with two annotations, <c>org.opencontainers.image.ref.name</c> (the normalized reference) and
/// <c>io.kaniko.dotnet.fetched</c> (when it was fetched, RFC 3339 UTC). An index's platform
/// manifests are blobs it points to. Readers read the file as it is; writers update it under
/// <c>index.json.lock</c> (flock) and replace it whole (temp file, fsync, rename), so concurrent
/// warms and builds never lose each other's entries or see half a file.
/// </summary>
internal sealed class WarmedImageIndex(string layoutDirectory)
{
    public const string FetchedAnnotation = "io.kaniko.dotnet.fetched";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    private readonly OciLayoutFolder _layout = new(layoutDirectory);

    private string IndexPath => _layout.IndexPath;

    public async Task<WarmedImage?> FindAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var key = reference.ToString();
        var index = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var descriptor = index.Manifests.LastOrDefault(m => OciLayout.RefName(m) == key);
        if (descriptor is null)
        {
            return null;
        }

        return new WarmedImage(key, descriptor, FetchedAt(descriptor));
    }

    /// <summary>When the entry's image was fetched; an entry without a readable time is as old as can be (expired).</summary>
    public static DateTimeOffset FetchedAt(Descriptor descriptor) =>
        DateTimeOffset.TryParse(descriptor.Annotations?.GetValueOrDefault(FetchedAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var fetched)
            ? fetched
            : DateTimeOffset.MinValue;

    /// <summary>Points <paramref name="reference"/> at <paramref name="manifest"/>, fetched at <paramref name="fetched"/>, replacing its earlier entry.</summary>
    public async Task RecordAsync(ImageReference reference, Descriptor manifest, DateTimeOffset fetched, CancellationToken cancellationToken)
    {
        var key = reference.ToString();
        using var held = await _layout.LockIndexAsync(LockTimeout, cancellationToken).ConfigureAwait(false);
        var index = await ReadAsync(cancellationToken).ConfigureAwait(false);
        index.Manifests.RemoveAll(m => OciLayout.RefName(m) == key);
        index.Manifests.Add(new Descriptor
        {
            MediaType = manifest.MediaType,
            Digest = manifest.Digest,
            Size = manifest.Size,
            Annotations = new Dictionary<string, string>
            {
                [OciLayout.RefNameAnnotation] = key,
                [FetchedAnnotation] = fetched.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            },
        });
        index.Manifests.Sort((a, b) => string.CompareOrdinal(OciLayout.RefName(a), OciLayout.RefName(b)));
        await _layout.WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageIndex> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KanikoException error)
        {
            throw new KanikoException(
                BaseImageCacheErrorCode.IndexDamaged,
                $"The base image cache index {IndexPath} is damaged ({error.Message}). Delete it and run 'dotnet kaniko warm' again; the blobs beside it are kept.",
                error);
        }
    }
}
