using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>
/// How a cached layer is stored: a one-layer image (no layer for a step that changed no file) whose config carries the layer's diff id, its
/// history text, and <c>created</c> (when it was stored, for --cache-ttl); the manifest's
/// annotations carry the key's parent and field digests, which explain a later miss.
/// </summary>
internal static class CacheImage
{
    public const string ParentAnnotation = "dev.kaniko.cache.parent";
    public const string FieldsAnnotation = "dev.kaniko.cache.fields";

    public static (byte[] Manifest, byte[] Config, Descriptor ConfigDescriptor) Create(LayerCacheRecord record, DateTimeOffset now)
    {
        var config = new ImageConfig
        {
            Architecture = record.Platform.Architecture,
            Os = record.Platform.Os,
            Variant = record.Platform.Variant,
            Created = now,
            RootFs = new RootFs { Type = "layers", DiffIds = record.Layer is { } layer ? [layer.DiffId] : [] },
            History = [new HistoryEntry { Created = now, CreatedBy = record.CreatedBy }],
        };
        var configBytes = config.ToJson();
        var configDescriptor = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = Digest.Sha256(configBytes), Size = configBytes.Length };
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.OciManifest,
            Config = configDescriptor,
            Layers = record.Layer is { } written ? [written.Descriptor] : [],
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ParentAnnotation] = record.Parent,
                [FieldsAnnotation] = record.FieldDigests,
            },
        };
        return (manifest.ToJson(), configBytes, configDescriptor);
    }

    /// <summary>The entry a stored manifest and config describe; null when they are not a cache image.</summary>
    public static LayerCacheEntry? Read(string key, ImageManifest manifest, ImageConfig config)
    {
        if (manifest.Layers.Count > 1 || config.RootFs.DiffIds.Count != manifest.Layers.Count || config.Created is not { } created)
        {
            return null;
        }

        var createdBy = config.History.FirstOrDefault()?.CreatedBy ?? "";
        return manifest.Layers.Count == 0
            ? new LayerCacheEntry(key, null, null, createdBy, created)
            : new LayerCacheEntry(key, manifest.Layers[0], config.RootFs.DiffIds[0], createdBy, created);
    }
}
