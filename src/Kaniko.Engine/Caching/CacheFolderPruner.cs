using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>What a prune removed.</summary>
public sealed record CachePruneResult(int LayerEntries, int ImageEntries, int Blobs, long BlobBytes, int Listings);

/// <summary>
/// <c>dotnet kaniko cache prune</c>: removes from a <c>--cache-dir</c> what a build with the given
/// <c>--cache-ttl</c> would no longer use. Layer entries stored, and base images fetched, longer ago
/// than that leave their index.json (rewritten whole under the same lock builds and warms take); then
/// every blob no remaining entry reaches is deleted, except one written in the last hour (a build or
/// warm may have written it and be waiting for the lock to name it). Layer listings untouched that
/// long go too (a build reads them again from the layer).
/// </summary>
public static class CacheFolderPruner
{
    /// <summary>Unnamed blobs younger than this may belong to a write in progress.</summary>
    public static readonly TimeSpan InProgressWrites = TimeSpan.FromHours(1);

    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    public static async Task<CachePruneResult> PruneAsync(string cacheDirectory, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        var now = DateTimeOffset.UtcNow;
        var layers = await PruneLayoutAsync(Path.Combine(cacheDirectory, "layers"), descriptor => StoredAt(Path.Combine(cacheDirectory, "layers"), descriptor), now - olderThan, cancellationToken).ConfigureAwait(false);
        var images = await PruneLayoutAsync(Path.Combine(cacheDirectory, "images"), WarmedImageIndex.FetchedAt, now - olderThan, cancellationToken).ConfigureAwait(false);
        var listings = PruneListings(Path.Combine(cacheDirectory, "listings"), now - olderThan);
        return new CachePruneResult(layers.Entries, images.Entries, layers.Blobs + images.Blobs, layers.Bytes + images.Bytes, listings);
    }

    private static async Task<(int Entries, int Blobs, long Bytes)> PruneLayoutAsync(
        string layout, Func<Descriptor, DateTimeOffset> age, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var folder = new OciLayoutFolder(layout);
        if (!folder.HasIndex)
        {
            return (0, 0, 0);
        }

        using var held = await folder.LockIndexAsync(LockTimeout, cancellationToken).ConfigureAwait(false);
        var index = await folder.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var removed = index.Manifests.RemoveAll(descriptor => age(descriptor) < cutoff);
        if (removed > 0)
        {
            await folder.WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
        }

        var reachable = LayoutBlobs.Reachable(layout, index.Manifests);
        var (blobs, bytes) = (0, 0L);
        var recent = DateTime.UtcNow - InProgressWrites;
        foreach (var (digest, file) in LayoutBlobs.All(layout))
        {
            if (!reachable.Contains(digest) && file.LastWriteTimeUtc < recent)
            {
                bytes += file.Length;
                file.Delete();
                blobs++;
            }
        }

        return (removed, blobs, bytes);
    }

    // A layer entry's time is in its manifest; one that cannot be read is as old as can be.
    private static DateTimeOffset StoredAt(string layout, Descriptor descriptor)
    {
        var path = OciLayout.BlobPath(layout, descriptor.Digest);
        try
        {
            var manifest = ImageManifest.Parse(File.ReadAllBytes(path));
            return CacheImage.Read(OciLayout.RefName(descriptor) ?? "", manifest)?.Created ?? DateTimeOffset.MinValue;
        }
        catch (Exception error) when (error is IOException or KanikoException)
        {
            return DateTimeOffset.MinValue;
        }
    }

    private static int PruneListings(string folder, DateTimeOffset cutoff)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                file.Delete();
                removed++;
            }
        }

        return removed;
    }
}
