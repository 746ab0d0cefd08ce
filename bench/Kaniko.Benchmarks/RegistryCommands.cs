using System.Diagnostics;
using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Benchmarks;

/// <summary>
/// One push of an OCI layout's image to a registry, or one pull of an image's blobs to a folder, as
/// the engine does them in a build: the numbers bench/registry.sh compares with skopeo copy.
/// </summary>
internal static class RegistryCommands
{
    private const int ParallelDownloads = 3;

    /// <summary>push-layout LAYOUT TAG REFERENCE</summary>
    public static async Task<int> PushAsync(string[] args)
    {
        var watch = Stopwatch.StartNew();
        var image = await OciLayoutReader.ReadAsync(args[0], args[1], Platform.Host, CancellationToken.None);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var digest = await RegistryPusher.PushAsync(client, image, ImageReference.Parse(args[2]), NullLogger.Instance, CancellationToken.None);
        Console.WriteLine($"{digest} {image.Layers.Sum(l => l.Descriptor.Size)} bytes in {watch.Elapsed.TotalSeconds:F2} s");
        return 0;
    }

    /// <summary>pull-image REFERENCE FOLDER: the manifest, config and every layer, verified, into FOLDER.</summary>
    public static async Task<int> PullAsync(string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        var resolved = await client.ResolveImageAsync(ImageReference.Parse(args[0]), Platform.Host, CancellationToken.None);
        Directory.CreateDirectory(args[1]);
        await Parallel.ForEachAsync(
            resolved.Manifest.Layers,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelDownloads },
            async (layer, token) =>
            {
                await using var output = new FileStream(Path.Combine(args[1], layer.Digest.Hex), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await client.DownloadBlobAsync(resolved.Reference, layer, output, token);
            });
        Console.WriteLine($"{resolved.ManifestDigest} {resolved.Manifest.Layers.Sum(l => l.Size)} bytes in {watch.Elapsed.TotalSeconds:F2} s");
        return 0;
    }
}
