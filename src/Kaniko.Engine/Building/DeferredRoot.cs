using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Building;

/// <summary>
/// A stage root whose layers (the base image's, then cached ones) are extracted only when something
/// reads the root: an instruction that executes, or a later stage's <c>COPY --from</c>. A stage the
/// layer cache supplies whole is never extracted at all.
/// </summary>
internal sealed class DeferredRoot(string hostPath)
{
    private readonly List<LocalLayer> _pending = [];
    private Task _extracted = Task.CompletedTask;

    public string HostPath => hostPath;

    public void Add(LocalLayer layer)
    {
        lock (_pending)
        {
            _pending.Add(layer);
        }
    }

    /// <summary>Extracts every layer added so far, in order, each once; callers at the same time share the work.</summary>
    public Task ExtractAsync(CancellationToken cancellationToken)
    {
        lock (_pending)
        {
            if (_pending.Count > 0)
            {
                _extracted = ExtractAfterAsync(_extracted, [.. _pending], cancellationToken);
                _pending.Clear();
            }

            return _extracted;
        }
    }

    private async Task ExtractAfterAsync(Task previous, List<LocalLayer> layers, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        foreach (var layer in layers)
        {
            await using var blob = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await LayerExtractor.ExtractAsync(blob, hostPath, cancellationToken).ConfigureAwait(false);
        }
    }
}
