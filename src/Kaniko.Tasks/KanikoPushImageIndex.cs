using Kaniko.Engine;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Build.Framework;

namespace Kaniko.Tasks;

/// <summary>
/// Pushes one image index over the per-RID images a multi-RID publish pushed (ContainerRuntimeIdentifiers),
/// under each destination tag: an OCI index, or a Docker manifest list when every image is Docker's.
/// </summary>
public sealed class KanikoPushImageIndex : ImageIndexTask
{
    /// <summary>registry/repository:tag names for the index.</summary>
    [Required]
    public string[] Destinations { get; set; } = [];

    public string[] InsecureRegistries { get; set; } = [];

    protected override string Work => "The image index push";

    protected override async System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = new RegistrySettings { InsecureRegistries = InsecureRegistries.ToHashSet(StringComparer.OrdinalIgnoreCase) };
        using var client = new RegistryClient(settings, new TaskLogger(Log));
        var manifests = new List<Descriptor>();
        foreach (var image in ImagesByRuntimeIdentifier)
        {
            var pinned = ImageReference.Parse($"{ImageReference.Parse(image.GetMetadata("Reference")).Name}@{image.GetMetadata("Digest")}");
            var manifest = await client.GetManifestAsync(pinned, cancellationToken).ConfigureAwait(false);
            manifests.Add(new Descriptor
            {
                MediaType = manifest.MediaType,
                Digest = manifest.Digest,
                Size = manifest.Bytes.Length,
                Platform = RuntimeIdentifierPlatform.Parse(image.GetMetadata("RuntimeIdentifier")),
            });
        }

        var index = ImageIndex.Over(manifests);
        var bytes = index.ToJson();
        foreach (var destination in Destinations)
        {
            await client.PutManifestAsync(ImageReference.Parse(destination), index.MediaType!, bytes, cancellationToken).ConfigureAwait(false);
        }

        var digest = Digest.Sha256(bytes).ToString();
        Log.LogMessage(MessageImportance.High, "Kaniko pushed the image index {0} ({1}) of {2}", Destinations[0], digest,
            string.Join(", ", Images.Select(image => image.GetMetadata("RuntimeIdentifier"))));
        Made(Destinations[0], digest, Destinations[0], Destinations, archivePath: "");
    }
}
