using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>The engine's entry point: one <see cref="BuildRequest"/> in, one image out to every output asked for.</summary>
public sealed class ImageBuilder(ILogger logger)
{
    public async Task<BuildResult> BuildAsync(BuildRequest request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var planned = Plan(request);
        using var ownFolder = request.WorkDirectory is null ? WorkFolder.CreateInTemp(WorkFolder.BuildPrefix, logger) : null;
        var workDirectory = ownFolder?.Path ?? Directory.CreateDirectory(request.WorkDirectory!).FullName;
        LayerCache? cache = null;
        LayerListingStore? listings = null;
        try
        {
            using var registry = new RegistryClient(RegistrySettingsOf(request), logger);
            var blobs = new BlobStore(Path.Combine(workDirectory, "blobs"));
            var baseImageCache = RequestedCaches.BaseImageCacheFor(request, registry, logger);
            var resolver = new BaseImageResolver(registry, blobs, planned.Platform, logger, baseImageCache);
            cache = RequestedCaches.LayerCacheFor(request, planned.Destinations, registry, blobs, logger);
            listings = request.ExtractEveryBase ? null : new LayerListingStore(request.CacheDirectory is { } cacheDirectory ? Path.Combine(cacheDirectory, "listings") : LayerListingStore.DefaultDirectory, logger);
            var executor = new StageExecutor(StageSettings(request, blobs, planned.Context, cache, listings), logger);
            var scheduler = new StageScheduler(
                planned.Stages,
                executor,
                (stage, token) => ResolveBaseAsync(stage, registry, blobs, resolver, baseImageCache, token),
                resolver.ResolveAsync,
                workDirectory,
                planned.Escape,
                request.Labels,
                logger);
            var target = await scheduler.RunAsync(cancellationToken).ConfigureAwait(false);
            var pushed = await PublishAsync(request, target.Image, planned.Destinations, registry, workDirectory, cancellationToken).ConfigureAwait(false);
            logger.LogInformation(
                "Built {Digest}: {Layers} layers ({NewLayers} new), {Size}, in {Seconds}",
                target.Image.ManifestDigest, target.Layers.Count, target.Layers.Count(l => !l.FromBase), StepLog.Size(target.Layers.Sum(l => l.Size)), StepLog.Seconds(clock.Elapsed));
            if (cache is not null)
            {
                await cache.FlushAsync().ConfigureAwait(false);
            }

            return new BuildResult(target.Image.ManifestDigest, target.Image.ManifestMediaType, pushed, target.Layers, clock.Elapsed) { Steps = executor.Steps };
        }
        finally
        {
            // The writes and listings read this build's blobs: they finish (or fail) before the folder goes.
            if (cache is not null)
            {
                await cache.FlushAsync().ConfigureAwait(false);
            }

            if (listings is not null)
            {
                await listings.FlushAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The Dockerfile, its context and the stages the target needs, read and checked before anything is pulled.</summary>
    private PlannedBuild Plan(BuildRequest request)
    {
        var context = new BuildContextDirectory(request.ContextDirectory);
        var dockerfilePath = ContextDockerfile.Locate(context, request.DockerfilePath);
        var dockerfile = DockerfileParser.Parse(File.ReadAllText(dockerfilePath), dockerfilePath);
        context = context.WithIgnore(ContextDockerfile.LoadIgnore(context, request.DockerfilePath));
        var destinations = request.Destinations.Select(ImageReference.Parse).ToList();
        if (destinations.Count == 0 && !request.NoPush && request.OciLayoutPath is null && request.TarPath is null)
        {
            throw new KanikoException(BuildErrorCode.NoOutput, "Nothing to do with the image: give a destination, --no-push with --oci-layout-path or --tar-path, or both.");
        }

        var platform = request.Platform ?? Platform.Host;
        var plan = StagePlan.Create(dockerfile, new StagePlanOptions
        {
            BuildArguments = request.BuildArguments,
            Target = request.Target,
            TargetPlatform = platform.ToString(),
            BuildPlatform = Platform.Host.ToString(),
        });
        foreach (var unused in plan.UnusedBuildArguments)
        {
            logger.LogWarning("--build-arg {Name} was not consumed by any ARG", unused);
        }

        return new PlannedBuild(context, dockerfile.Escape, plan, destinations, platform);
    }

    private static RegistrySettings RegistrySettingsOf(BuildRequest request) => request.Registries with
    {
        InsecureRegistries = request.Registries.InsecureRegistries.Union(request.InsecureRegistries, StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase),
    };

    private static StageBuildSettings StageSettings(BuildRequest request, BlobStore blobs, BuildContextDirectory context, LayerCache? cache, LayerListingStore? listings) => new()
    {
        Blobs = blobs,
        Context = context,
        Reproducible = request.Reproducible,
        Compression = request.Compression,
        CompressionLevel = request.CompressionLevel,
        Format = request.ImageFormat,
        Run = request.Run,
        SingleSnapshot = request.SingleSnapshot,
        Cache = cache,
        Listings = listings,
    };

    /// <summary>Pushes to every destination (unless --no-push) and writes the local outputs; the references pushed.</summary>
    private async Task<List<string>> PublishAsync(BuildRequest request, LocalImage image, List<ImageReference> destinations, RegistryClient registry, string workDirectory, CancellationToken cancellationToken)
    {
        var pushed = new List<string>();
        if (!request.NoPush)
        {
            var digests = await RegistryPusher.PushAllAsync(registry, image, destinations, logger, cancellationToken).ConfigureAwait(false);
            pushed.AddRange(destinations.Select((destination, i) => $"{destination}@{digests[i]}"));
        }

        await WriteLocalOutputsAsync(request, image, destinations, workDirectory, cancellationToken).ConfigureAwait(false);
        return pushed;
    }

    private async Task<LocalImage> ResolveBaseAsync(BuildStage stage, RegistryClient registry, BlobStore blobs, BaseImageResolver resolver, BaseImageCache? cache, CancellationToken cancellationToken)
    {
        if (stage.Platform is { } platform)
        {
            return await new BaseImageResolver(registry, blobs, Platform.Parse(platform), logger, cache).ResolveAsync(stage.BaseName, cancellationToken).ConfigureAwait(false);
        }

        return await resolver.ResolveAsync(stage.BaseName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each output appears whole or not at all: a killed build leaves the previous one or none.</summary>
    private async Task WriteLocalOutputsAsync(BuildRequest request, LocalImage image, List<ImageReference> destinations, string workDirectory, CancellationToken cancellationToken)
    {
        if (request.OciLayoutPath is { } layout)
        {
            var tags = destinations.Select(d => d.Tag).OfType<string>().Distinct().ToList();
            await OciLayoutWriter.WriteAsync(image, layout, tags.Count == 0 ? ["latest"] : tags, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Wrote the OCI layout {Path}", layout);
        }

        if (request.TarPath is { } tar)
        {
            var repoTags = destinations.Where(d => d.Tag is not null).Select(d => d.ToString()).ToList();
            await DockerArchiveWriter.WriteAsync(image, tar, repoTags, workDirectory, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Wrote the docker archive {Path}", tar);
        }

        if (request.DigestFile is { } digestFile)
        {
            await DurableFile.WriteAsync(digestFile, Encoding.UTF8.GetBytes(image.ManifestDigest.ToString()), cancellationToken).ConfigureAwait(false);
        }

        if (request.ImageNameWithDigestFile is { } nameFile)
        {
            await DurableFile.WriteAsync(nameFile, Lines(destinations.Select(d => $"{d.Name}@{image.ManifestDigest}")), cancellationToken).ConfigureAwait(false);
        }

        if (request.ImageNameTagWithDigestFile is { } nameTagFile)
        {
            await DurableFile.WriteAsync(nameTagFile, Lines(destinations.Select(d => $"{d.Name}:{d.Tag ?? ImageReference.DefaultTag}@{image.ManifestDigest}")), cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] Lines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + "\n")));

    private sealed record PlannedBuild(BuildContextDirectory Context, char Escape, StagePlan Stages, List<ImageReference> Destinations, Platform Platform);
}
