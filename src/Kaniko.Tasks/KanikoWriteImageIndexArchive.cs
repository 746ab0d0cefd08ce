using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Microsoft.Build.Framework;

namespace Kaniko.Tasks;

/// <summary>
/// A multi-RID publish without a registry: writes the per-RID images (each in its own OCI layout)
/// into one OCI archive under an image index, tagged with the image's tags, as the SDK does.
/// </summary>
public sealed class KanikoWriteImageIndexArchive : ImageIndexTask
{
    [Required]
    public string ArchivePath { get; set; } = "";

    /// <summary>The tags the archive names the index by (ContainerImageTags).</summary>
    [Required]
    public string[] Tags { get; set; } = [];

    protected override string Work => "The image index archive";

    protected override async System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken)
    {
        var images = new List<(LocalImage, Platform)>();
        foreach (var item in ImagesByRuntimeIdentifier)
        {
            var platform = RuntimeIdentifierPlatform.Parse(item.GetMetadata("RuntimeIdentifier"));
            var reference = item.GetMetadata("Tags").Split(';')[0];
            var tag = reference[(reference.LastIndexOf(':') + 1)..];
            images.Add((await OciLayoutReader.ReadAsync(item.GetMetadata("OciLayoutPath"), tag, platform, cancellationToken).ConfigureAwait(false), platform));
        }

        var digest = (await OciIndexArchiveWriter.WriteAsync(images, ArchivePath, Tags, cancellationToken).ConfigureAwait(false)).ToString();
        Log.LogMessage(MessageImportance.High, "Kaniko wrote the image index {0} ({1}) of {2} to {3}", string.Join(", ", Tags), digest,
            string.Join(", ", Images.Select(image => image.GetMetadata("RuntimeIdentifier"))), ArchivePath);
        Made(ArchivePath, digest, reference: "", Tags, ArchivePath);
    }
}
