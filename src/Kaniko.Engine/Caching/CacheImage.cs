using System.Globalization;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching;

/// <summary>
/// How a cached layer is stored: a one-layer image (no layer for a step that changed no file) whose config carries the layer's diff id, its
/// history text, and <c>created</c> (when it was stored, for --cache-ttl). The manifest's
/// annotations repeat the diff id, history text and time, so a lookup is one manifest request, and
/// carry the key's parent and field digests, which explain a later miss.
/// </summary>
internal static class CacheImage
{
    public const string ParentAnnotation = "dev.kaniko.cache.parent";
    public const string FieldsAnnotation = "dev.kaniko.cache.fields";
    public const string CreatedByAnnotation = "dev.kaniko.cache.created-by";
    public const string DiffIdAnnotation = "dev.kaniko.cache.diff-id";
    public const string CreatedAnnotation = "org.opencontainers.image.created";

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
                [CreatedByAnnotation] = record.CreatedBy,
                [CreatedAnnotation] = now.ToString("O", CultureInfo.InvariantCulture),
                [DiffIdAnnotation] = record.Layer?.DiffId.ToString() ?? "",
            },
        };
        return (manifest.ToJson(), configBytes, configDescriptor);
    }

    /// <summary>The entry a stored manifest describes (from its annotations); null when it is not a cache image.</summary>
    public static LayerCacheEntry? Read(string key, ImageManifest manifest)
    {
        var annotations = manifest.Annotations ?? [];
        if (manifest.Layers.Count > 1
            || !annotations.TryGetValue(CreatedByAnnotation, out var createdBy)
            || !DateTimeOffset.TryParse(annotations.GetValueOrDefault(CreatedAnnotation), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
        {
            return null;
        }

        if (manifest.Layers.Count == 0)
        {
            return new LayerCacheEntry(key, null, null, createdBy, created);
        }

        return Digest.TryParse(annotations.GetValueOrDefault(DiffIdAnnotation), out var diffId)
            ? new LayerCacheEntry(key, manifest.Layers[0], diffId, createdBy, created)
            : null;
    }
}
