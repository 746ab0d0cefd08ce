using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

/// <summary>
/// What the two ends of a multi-RID publish share: the per-RID KanikoImage items in, one image index
/// out (its digest, and a KanikoImage item for it), cancellable, with the engine's errors as coded
/// MSBuild errors.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "MSBuild owns the task's lifetime and may cancel after Execute returns.")]
public abstract class ImageIndexTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>KanikoImage items of the per-RID builds: metadata RuntimeIdentifier, Reference, Digest, Tags and OciLayoutPath.</summary>
    [Required]
    public ITaskItem[] Images { get; set; } = [];

    [Output]
    public string IndexDigest { get; private set; } = "";

    [Output]
    public ITaskItem? Image { get; private set; }

    /// <summary>The per-RID images in RID order, so the same RIDs give the same index.</summary>
    protected IEnumerable<ITaskItem> ImagesByRuntimeIdentifier => Images.OrderBy(item => item.GetMetadata("RuntimeIdentifier"), StringComparer.Ordinal);

    /// <summary>What the task does, for the cancellation message.</summary>
    protected abstract string Work { get; }

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute() =>
        TaskErrors.Report(
            Log,
            Work,
            () =>
            {
                RunAsync(_cancellation.Token).GetAwaiter().GetResult();
                return true;
            },
            _cancellation.Token);

    protected abstract System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Records the index made: the IndexDigest output and a KanikoImage item for it.</summary>
    protected void Made(string itemSpec, string digest, string reference, IEnumerable<string> tags, string archivePath)
    {
        IndexDigest = digest;
        Image = new TaskItem(itemSpec);
        Image.SetMetadata("Digest", digest);
        Image.SetMetadata("Reference", reference);
        Image.SetMetadata("Tags", string.Join(';', tags));
        Image.SetMetadata("ArchivePath", archivePath);
    }
}
