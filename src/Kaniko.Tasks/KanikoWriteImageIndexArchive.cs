using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

/// <summary>
/// A multi-RID publish without a registry: writes the per-RID images (each in its own OCI layout)
/// into one OCI archive under an image index, tagged with the image's tags, as the SDK does.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns the task's lifetime and may cancel after Execute returns.")]
public sealed class KanikoWriteImageIndexArchive : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>KanikoImage items of the per-RID builds: metadata RuntimeIdentifier, OciLayoutPath and Tags (repository:tag).</summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    [Required]
    public string ArchivePath { get; set; } = "";

    /// <summary>The tags the archive names the index by (ContainerImageTags).</summary>
    [Required]
    public string[] Tags { get; set; } = [];

    [Output]
    public string IndexDigest { get; private set; } = "";

    [Output]
    public ITaskItem? Image { get; private set; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute() =>
        TaskErrors.Report(
            Log,
            "The image index archive",
            () =>
            {
                WriteAsync(_cancellation.Token).GetAwaiter().GetResult();
                return true;
            },
            _cancellation.Token);

    private async System.Threading.Tasks.Task WriteAsync(CancellationToken cancellationToken)
    {
        var images = new List<(LocalImage, Platform)>();
        foreach (var item in Images.OrderBy(item => item.GetMetadata("RuntimeIdentifier"), StringComparer.Ordinal))
        {
            var platform = RuntimeIdentifierPlatform.Parse(item.GetMetadata("RuntimeIdentifier"));
            var reference = item.GetMetadata("Tags").Split(';')[0];
            var tag = reference[(reference.LastIndexOf(':') + 1)..];
            images.Add((await OciLayoutReader.ReadAsync(item.GetMetadata("OciLayoutPath"), tag, platform, cancellationToken).ConfigureAwait(false), platform));
        }

        IndexDigest = (await OciIndexArchiveWriter.WriteAsync(images, ArchivePath, Tags, cancellationToken).ConfigureAwait(false)).ToString();
        Log.LogMessage(MessageImportance.High, "Kaniko wrote the image index {0} ({1}) of {2} to {3}", string.Join(", ", Tags), IndexDigest,
            string.Join(", ", Images.Select(image => image.GetMetadata("RuntimeIdentifier"))), ArchivePath);
        Image = new TaskItem(ArchivePath);
        Image.SetMetadata("Digest", IndexDigest);
        Image.SetMetadata("Reference", "");
        Image.SetMetadata("Tags", string.Join(';', Tags));
        Image.SetMetadata("ArchivePath", ArchivePath);
    }
}
