using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

/// <summary>
/// A stage image's layers and history as they grow. Every layer, new or from the cache, enters the
/// manifest's layers, the config's diff ids and the build result's layers at once; every step adds one
/// history entry, marked empty_layer when it added no layer.
/// </summary>
internal sealed class StageLayers
{
    private const string HistoryComment = "buildkit.dockerfile.v0";
    private readonly ImageConfig _config;
    private readonly DateTimeOffset _created;
    private readonly List<LocalLayer> _layers;
    private readonly List<BuiltLayer> _built;

    /// <summary>Starts from the base image's layers, their media types in the stage's format.</summary>
    public StageLayers(LocalImage baseImage, ImageConfig config, bool isDocker, DateTimeOffset created)
    {
        _config = config;
        _created = created;
        _layers = baseImage.Layers
            .Select(l => l with { Descriptor = new Descriptor { MediaType = MediaTypes.LayerInFormat(l.Descriptor.MediaType, isDocker), Digest = l.Descriptor.Digest, Size = l.Descriptor.Size } })
            .ToList();
        _built = baseImage.Layers.Select(l => new BuiltLayer(l.Descriptor.Digest, l.Descriptor.Size, FromBase: true, "")).ToList();
    }

    public IReadOnlyList<LocalLayer> Layers => _layers;

    public IReadOnlyList<BuiltLayer> Built => _built;

    /// <summary>A layer a step made, or the cache supplied for it.</summary>
    public void AddLayer(LocalLayer layer, string createdBy)
    {
        _layers.Add(layer);
        _config.RootFs.DiffIds.Add(layer.DiffId);
        _built.Add(new BuiltLayer(layer.Descriptor.Digest, layer.Descriptor.Size, FromBase: false, createdBy));
    }

    public void AddHistory(string createdBy, bool emptyLayer) =>
        _config.History.Add(new HistoryEntry { Created = _created, CreatedBy = createdBy, Comment = HistoryComment, EmptyLayer = emptyLayer ? true : null });

    /// <summary>With <c>--single-snapshot</c>: the stage's one layer, carried by the last step's history entry.</summary>
    public void AddLayerToLastStep(LocalLayer layer)
    {
        var last = _config.History[^1];
        AddLayer(layer, last.CreatedBy ?? "");
        last.EmptyLayer = null;
    }
}
