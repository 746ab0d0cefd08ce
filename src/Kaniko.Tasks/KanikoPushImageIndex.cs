using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
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
        var logger = new TaskLogger(Log);
        using var client = new RegistryClient(settings, logger);
        // Each RID's image, already pushed by its build, by digest.
        var pushed = ImagesByRuntimeIdentifier
            .Select(image => (
                ImageReference.Parse($"{ImageReference.Parse(image.GetMetadata("Reference")).Name}@{image.GetMetadata("Digest")}"),
                RuntimeIdentifierPlatform.Parse(image.GetMetadata("RuntimeIdentifier"))))
            .ToList();
        var digest = (await RegistryPusher.PushIndexOverPushedAsync(client, pushed, [.. Destinations.Select(ImageReference.Parse)], logger, cancellationToken)
            .ConfigureAwait(false)).ToString();
        Log.LogMessage(MessageImportance.High, "Kaniko pushed the image index {0} ({1}) of {2}", Destinations[0], digest,
            string.Join(", ", Images.Select(image => image.GetMetadata("RuntimeIdentifier"))));
        Made(Destinations[0], digest, Destinations[0], Destinations, archivePath: "");
    }
}
