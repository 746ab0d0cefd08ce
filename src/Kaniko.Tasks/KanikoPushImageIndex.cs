using Kaniko.Engine;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

/// <summary>
/// Pushes one image index over the per-RID images a multi-RID publish pushed (ContainerRuntimeIdentifiers),
/// under each destination tag: an OCI index, or a Docker manifest list when every image is Docker's.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns the task's lifetime and may cancel after Execute returns.")]
public sealed class KanikoPushImageIndex : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>KanikoImage items of the per-RID builds: metadata Reference, Digest and RuntimeIdentifier.</summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    /// <summary>registry/repository:tag names for the index.</summary>
    [Required]
    public string[] Destinations { get; set; } = [];

    public string[] InsecureRegistries { get; set; } = [];

    [Output]
    public string IndexDigest { get; private set; } = "";

    [Output]
    public ITaskItem? Image { get; private set; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute() =>
        TaskErrors.Report(
            Log,
            "The image index push",
            () =>
            {
                PushAsync(_cancellation.Token).GetAwaiter().GetResult();
                return true;
            },
            _cancellation.Token);

    private async System.Threading.Tasks.Task PushAsync(CancellationToken cancellationToken)
    {
        var settings = new RegistrySettings { InsecureRegistries = InsecureRegistries.ToHashSet(StringComparer.OrdinalIgnoreCase) };
        using var client = new RegistryClient(settings, new TaskLogger(Log));
        var manifests = new List<Descriptor>();
        foreach (var image in Images.OrderBy(item => item.GetMetadata("RuntimeIdentifier"), StringComparer.Ordinal))
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

        IndexDigest = Digest.Sha256(bytes).ToString();
        Log.LogMessage(MessageImportance.High, "Kaniko pushed the image index {0} ({1}) of {2}", Destinations[0], IndexDigest,
            string.Join(", ", Images.Select(image => image.GetMetadata("RuntimeIdentifier"))));
        Image = new TaskItem(Destinations[0]);
        Image.SetMetadata("Digest", IndexDigest);
        Image.SetMetadata("Reference", Destinations[0]);
        Image.SetMetadata("Tags", string.Join(';', Destinations));
        Image.SetMetadata("ArchivePath", "");
    }
}
