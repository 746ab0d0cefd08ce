using System.Diagnostics;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
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
        var context = new BuildContextDirectory(request.ContextDirectory);
        var dockerfilePath = Path.IsPathRooted(request.DockerfilePath)
            ? request.DockerfilePath
            : Path.Combine(context.HostPath, request.DockerfilePath);
        var dockerfile = ReadDockerfile(dockerfilePath);
        context = context.WithIgnore(DockerignoreMatcher.Load(context.HostPath, dockerfilePath));
        var destinations = request.Destinations.Select(ImageReference.Parse).ToList();
        if (destinations.Count == 0 && !request.NoPush && request.OciLayoutPath is null && request.TarPath is null)
        {
            throw new KanikoException("KANIKO4003", "Nothing to do with the image: give a destination, --no-push with --oci-layout-path or --tar-path, or both.");
        }

        // Fail on an instruction the executor cannot run before pulling anything.
        if (dockerfile.Instructions[0] is not FromInstruction from)
        {
            throw new DockerfileException(DockerfileErrorCode.UnsupportedInstruction, dockerfile.Instructions[0].Location, "ARG is not supported yet.");
        }

        foreach (var instruction in dockerfile.Instructions.Skip(1))
        {
            BuildCommands.Create(instruction);
        }

        var workDirectory = request.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "kaniko-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        try
        {
            var registrySettings = request.Registries with
            {
                InsecureRegistries = request.Registries.InsecureRegistries.Union(request.InsecureRegistries, StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase),
            };
            using var registry = new RegistryClient(registrySettings, logger);
            var blobs = new BlobStore(Path.Combine(workDirectory, "blobs"));
            var platform = request.Platform ?? Platform.Host;
            var baseImage = await new BaseImageResolver(registry, blobs, platform, logger).ResolveAsync(from.Image, cancellationToken).ConfigureAwait(false);
            var stage = new StageExecutor(blobs, context, request.Reproducible, logger, request.Compression, request.CompressionLevel);
            var (image, layers) = await stage.BuildAsync(baseImage, dockerfile.Instructions.Skip(1).ToList(), dockerfile.Escape, Path.Combine(workDirectory, "rootfs"), cancellationToken).ConfigureAwait(false);

            var pushed = new List<string>();
            if (!request.NoPush)
            {
                foreach (var destination in destinations)
                {
                    var digest = await RegistryPusher.PushAsync(registry, image, destination, logger, cancellationToken).ConfigureAwait(false);
                    pushed.Add($"{destination}@{digest}");
                }
            }

            await WriteLocalOutputsAsync(request, image, destinations, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Built {Digest} in {Seconds:F1}s", image.ManifestDigest, clock.Elapsed.TotalSeconds);
            return new BuildResult(image.ManifestDigest, image.ManifestMediaType, pushed, layers, clock.Elapsed);
        }
        finally
        {
            if (request.WorkDirectory is null)
            {
                Directory.Delete(workDirectory, recursive: true);
            }
        }
    }

    private async Task WriteLocalOutputsAsync(BuildRequest request, LocalImage image, List<ImageReference> destinations, CancellationToken cancellationToken)
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
            await DockerArchiveWriter.WriteAsync(image, tar, repoTags, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Wrote the docker archive {Path}", tar);
        }

        if (request.DigestFile is { } digestFile)
        {
            await File.WriteAllTextAsync(digestFile, image.ManifestDigest.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Dockerfile ReadDockerfile(string path)
    {
        if (!File.Exists(path))
        {
            throw new KanikoException("KANIKO4002", $"The Dockerfile '{path}' does not exist; name it with --dockerfile.");
        }

        return DockerfileParser.Parse(File.ReadAllText(path), path);
    }
}
