using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Building;

/// <summary>
/// Turns what FROM names into a local image: <c>scratch</c> (BuildKit's empty image, with its
/// WorkingDir and PATH), an OCI layout (<c>oci:DIR:TAG</c>), a
/// docker-archive tar (<c>docker-archive:FILE[:REF]</c>), or a
/// registry image whose layers are pulled, verified, into the build's blob store when something first
/// reads them (a COPY-only stage pushed to the base's registry never does), or taken from the base
/// image cache, with --cache-dir.
/// </summary>
internal sealed class BaseImageResolver(RegistryClient registry, BlobStore blobs, Platform platform, ILogger logger, BaseImageCache? cache = null)
{
    private const string OciLayoutPrefix = "oci:";
    private const string DockerArchivePrefix = "docker-archive:";
    private const int ParallelDownloads = 3;

    public async Task<LocalImage> ResolveAsync(string image, CancellationToken cancellationToken)
    {
        if (string.Equals(image, "scratch", StringComparison.OrdinalIgnoreCase))
        {
            return await ScratchImageAsync(cancellationToken).ConfigureAwait(false);
        }

        if (image.StartsWith(OciLayoutPrefix, StringComparison.Ordinal))
        {
            var (directory, tag) = OciLayout.ParseLocation(image[OciLayoutPrefix.Length..]);
            logger.LogInformation("Reading base image {Tag} from the OCI layout {Directory}", tag, directory);
            return await OciLayoutReader.ReadAsync(directory, tag, platform, cancellationToken).ConfigureAwait(false);
        }

        if (image.StartsWith(DockerArchivePrefix, StringComparison.Ordinal))
        {
            var (path, name) = DockerArchiveReader.ParseLocation(image[DockerArchivePrefix.Length..]);
            logger.LogInformation("Reading base image {Name} from the docker archive {Path}", name, path);
            return await DockerArchiveReader.ReadAsync(path, name, blobs.PathFor, cancellationToken).ConfigureAwait(false);
        }

        var reference = ImageReference.Parse(image);
        if (cache is not null)
        {
            return await cache.ResolveAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        }

        logger.LogInformation("Pulling base image {Reference}", reference);
        var resolved = await registry.ResolveImageAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        reference = resolved.Reference; // a mirror or mapped registry, when the image was found there
        var diffIds = resolved.Config.RootFs.DiffIds;
        var downloads = new SemaphoreSlim(ParallelDownloads);
        var layers = resolved.Manifest.Layers
            .Select((layer, i) => new LocalLayer(layer, diffIds[i], blobs.PathFor(layer.Digest))
            {
                Source = reference,
                Pending = new OnDemandBlob(token => DownloadAsync(downloads, reference, layer, token)),
            })
            .ToList();

        resolved.Manifest.MediaType ??= MediaTypes.OciManifest;
        return new LocalImage(resolved.Manifest, resolved.ManifestBytes, resolved.Config, resolved.ConfigBytes, layers);
    }

    private async Task DownloadAsync(SemaphoreSlim downloads, ImageReference repository, Descriptor layer, CancellationToken cancellationToken)
    {
        await downloads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await blobs.DownloadAsync(registry, repository, layer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            downloads.Release();
        }
    }

    private async Task<LocalImage> ScratchImageAsync(CancellationToken cancellationToken)
    {
        var config = new ImageConfig
        {
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Config = ScratchContainerConfig(),
            RootFs = new RootFs { Type = "layers", DiffIds = [] },
            History = [],
        };
        var configBytes = config.ToJson();
        var configDescriptor = await blobs.WriteBytesAsync(configBytes, MediaTypes.OciConfig, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest { SchemaVersion = 2, MediaType = MediaTypes.OciManifest, Config = configDescriptor, Layers = [] };
        return new LocalImage(manifest, manifest.ToJson(), config, configBytes, []);
    }

    // BuildKit's emptyImage (dockerfile2llb/image.go): WorkingDir "/" and, but for Windows, the
    // default PATH; the stage starts from this config, so RUN sees the PATH and the image keeps it.
    private ContainerConfig ScratchContainerConfig() => new()
    {
        WorkingDir = "/",
        Env = platform.Os == "windows" ? null : ["PATH=" + ContainerConfig.DefaultPath],
    };
}
