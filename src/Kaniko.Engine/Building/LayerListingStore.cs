using System.Collections.Concurrent;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// The listings of layers (entries without data), read once per layer and kept in a folder under the
/// layer's diff_id, so a later build of a stage that never runs anything needs neither the layer's
/// blob nor its extraction. A listing depends on the layer's content alone, so it never goes stale; a
/// damaged file is read again from the blob and replaced. Without a usable folder listings live for
/// the build only.
/// </summary>
internal sealed class LayerListingStore(string? directory, ILogger logger)
{
    private readonly ConcurrentDictionary<Digest, Lazy<Task<LayerListing>>> _read = new();
    private readonly BackgroundWork _keeping = new();

    /// <summary>Where listings are kept by default: beside the RUN cache mounts, in the user's cache.</summary>
    public static string DefaultDirectory => KanikoUserCache.Folder("layer-listings");

    public Task<LayerListing> ForAsync(LocalLayer layer, CancellationToken cancellationToken) =>
        _read.GetOrAdd(layer.DiffId, _ => new Lazy<Task<LayerListing>>(() => ReadOrListAsync(layer, cancellationToken))).Value;

    /// <summary>
    /// Lists a layer this build wrote in the background, so a later build that takes it from the layer
    /// cache, and takes its files on demand, finds the listing kept instead of reading the layer.
    /// </summary>
    public void KeepInBackground(LocalLayer layer, CancellationToken cancellationToken)
    {
        _keeping.Start(() => KeepAsync(layer, cancellationToken), cancellationToken);
    }

    /// <summary>Waits for the listings kept in the background; none throws.</summary>
    public Task FlushAsync() => _keeping.FlushAsync();

    private async Task KeepAsync(LocalLayer layer, CancellationToken cancellationToken)
    {
        try
        {
            await ForAsync(layer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is KanikoException or IOException)
        {
            logger.LogDebug("The layer {DiffId} was not listed ({Reason}); a build that needs its listing reads the layer", layer.DiffId, error.Message);
        }
    }

    private async Task<LayerListing> ReadOrListAsync(LocalLayer layer, CancellationToken cancellationToken)
    {
        var path = directory is null ? null : Path.Combine(directory, layer.DiffId.Algorithm + "-" + layer.DiffId.Hex);
        if (path is not null && File.Exists(path))
        {
            try
            {
                LayerListing kept;
                await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                {
                    kept = LayerListing.ReadFrom(file);
                }

                MarkUsed(path);
                return kept;
            }
            catch (Exception error) when (error is KanikoException or IOException)
            {
                logger.LogWarning("The listing of the layer {DiffId} in {Path} could not be read ({Reason}); it is made again from the layer", layer.DiffId, path, error.Message);
            }
        }

        await layer.EnsureLocalAsync(cancellationToken).ConfigureAwait(false);
        LayerListing listing;
        await using (var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            listing = await LayerListing.ReadAsync(blob, cancellationToken).ConfigureAwait(false);
        }

        if (path is not null)
        {
            await KeepAsync(listing, path, cancellationToken).ConfigureAwait(false);
        }

        return listing;
    }

    // Its time says when a build last used it, so 'dotnet kaniko cache prune' keeps what is in use; a read-only folder keeps its times.
    private static void MarkUsed(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task KeepAsync(LayerListing listing, string path, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await DurableFile.WriteAsync(path, (output, _) => { listing.WriteTo(output); return Task.CompletedTask; }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The listing of a layer could not be kept in {Path} ({Reason}); the next build reads the layer again", path, error.Message);
        }
    }
}
