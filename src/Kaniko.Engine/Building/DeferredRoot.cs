using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Building;

/// <summary>
/// A stage root whose layers (the base image's, then cached ones) are applied only when something
/// reads the root: an instruction that executes, or a later stage's <c>COPY --from</c>. A stage the
/// layer cache supplies whole is never extracted at all. Given <c>listings</c>, nothing reads the
/// root after the stage, so when the instructions from the first one applied to the end run nothing
/// (the whole stage, or what follows a cache miss), the layers are not extracted even then: their
/// listings make the root's files appear on demand (<see cref="BaseFilesOnDemand"/>).
/// </summary>
internal sealed class DeferredRoot(RootDirectory root, LayerListingStore? listings)
{
    private static readonly string[] AccountFiles = ["/etc/passwd", "/etc/group"];
    private readonly List<LocalLayer> _pending = [];
    private Task _applied = Task.CompletedTask;
    private bool _onDemand;
    private bool _extracted;

    public string HostPath => root.HostPath;

    /// <summary>Whether the root's files appear on demand rather than by extraction (decided by the first <see cref="ApplyAsync"/>).</summary>
    public bool ExtractsNothing => _onDemand;

    public void Add(LocalLayer layer)
    {
        lock (_pending)
        {
            _pending.Add(layer);
        }
    }

    /// <summary>
    /// Applies every layer added so far, in order, each once; callers at the same time share the work.
    /// The first call decides how: on demand when <paramref name="onDemand"/> (the instructions from
    /// here to the end read no base data) and listings were given, else by extraction. Only an
    /// instruction of the stage itself may read a root whose files appear on demand.
    /// </summary>
    public Task ApplyAsync(bool onDemand, CancellationToken cancellationToken)
    {
        lock (_pending)
        {
            if (_pending.Count > 0)
            {
                _applied = ApplyAfterAsync(_applied, [.. _pending], onDemand, cancellationToken);
                _pending.Clear();
            }

            return _applied;
        }
    }

    /// <summary>The root with every file's data, for a later stage's <c>COPY --from</c>.</summary>
    public Task ExtractAsync(CancellationToken cancellationToken) => !_onDemand
        ? ApplyAsync(onDemand: false, cancellationToken)
        : throw new InvalidOperationException("A stage whose base files appear on demand has no data for COPY --from.");

    private async Task ApplyAfterAsync(Task previous, List<LocalLayer> layers, bool onDemand, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        if (listings is null || _extracted || (!_onDemand && !onDemand))
        {
            _extracted = true;
            await LocalLayerExtraction.ExtractAllAsync(layers, root.HostPath, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!_onDemand)
        {
            var listed = await Task.WhenAll(layers.Select(layer => listings.ForAsync(layer, cancellationToken))).ConfigureAwait(false);
            var tree = ImageTree.Merge(listed);
            if (!KeepsAccountFiles(tree))
            {
                _extracted = true;
                await LocalLayerExtraction.ExtractAllAsync(layers, root.HostPath, cancellationToken).ConfigureAwait(false);
                return;
            }

            root.TakeBaseFilesOnDemand(new BaseFilesOnDemand(tree, root.HostPath));
            _onDemand = true;
            return;
        }

        // A cached layer after an executed step: laid over a root made complete (but for the data) first.
        root.MaterializeAllBaseFiles();
        await LocalLayerExtraction.ExtractAllAsync(layers, root.HostPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the listings carry /etc/passwd and /etc/group (which --chown and USER read) as files in
    /// /etc itself; reached through a link, or too big to keep, only an extraction has them.
    /// </summary>
    private static bool KeepsAccountFiles(ImageTree tree) =>
        tree.Find("/etc") is not { Type: LayerEntryType.Symlink }
        && AccountFiles.All(path => tree.Find(path) is not { } file
            || (file.Type == LayerEntryType.File && (file.Size == 0 || file.Content is not null)));
}
