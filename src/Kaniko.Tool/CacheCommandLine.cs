using System.CommandLine;
using System.Globalization;
using Kaniko.Engine;
using Kaniko.Engine.Caching;

namespace Kaniko.Tool;

/// <summary><c>dotnet kaniko cache prune --cache-dir DIR [--cache-ttl 336h]</c>: empties a cache folder of what builds would no longer use.</summary>
internal static class CacheCommandLine
{
    public static Command Create()
    {
        var cacheDir = new Option<string>("--cache-dir") { Description = "The cache folder (as given to build and warm).", Required = true };
        var cacheTtl = CacheTtlOption.Create("Remove layer entries stored, and base images fetched, longer ago than this (Go duration, default 336h; 0 removes everything).");
        var prune = new Command("prune", "Remove the layers, base images and layer listings a build with this --cache-ttl would no longer use, and every blob nothing refers to.")
        {
            cacheDir, cacheTtl,
        };
        prune.SetAction(async (parsed, cancellationToken) =>
        {
            var folder = Path.GetFullPath(parsed.GetValue(cacheDir)!);
            try
            {
                var pruned = await CacheFolderPruner.PruneAsync(folder, parsed.GetValue(cacheTtl), cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Pruned {folder}: {pruned.LayerEntries} layer entries, {pruned.ImageEntries} base images, {pruned.Blobs} blobs ({pruned.BlobBytes} bytes), {pruned.Listings} layer listings.")).ConfigureAwait(false);
                return BuildCommandLine.Succeeded;
            }
            catch (KanikoException error)
            {
                await Console.Error.WriteLineAsync($"error {error.Code}: {error.Message}").ConfigureAwait(false);
                return BuildCommandLine.Failed;
            }
        });
        return new Command("cache", "Manage a --cache-dir folder.") { prune };
    }
}
