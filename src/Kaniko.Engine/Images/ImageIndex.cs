using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>A multi-platform image: one manifest per platform (OCI image index or Docker manifest list).</summary>
public sealed class ImageIndex
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; set; }

    [JsonPropertyName("manifests")]
    public List<Descriptor> Manifests { get; set; } = [];

    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// An index over per-platform manifests (each descriptor carries its platform): a Docker manifest
    /// list when every one is a Docker schema 2 manifest, an OCI index otherwise.
    /// </summary>
    public static ImageIndex Over(IEnumerable<Descriptor> manifests)
    {
        var list = manifests.ToList();
        return new ImageIndex
        {
            SchemaVersion = 2,
            MediaType = list.All(m => m.MediaType == MediaTypes.DockerManifest) ? MediaTypes.DockerManifestList : MediaTypes.OciIndex,
            Manifests = list,
        };
    }

    public static ImageIndex Parse(ReadOnlySpan<byte> json) => ImageJson.Parse<ImageIndex>(json, "image index");

    public byte[] ToJson() => ImageJson.ToJson(this);

    /// <summary>
    /// The manifest for <paramref name="platform"/>: an exact variant match first, then the
    /// architecture's default variant, then any variant when none was asked for; null if none fits.
    /// </summary>
    public Descriptor? SelectPlatform(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var candidates = Manifests
            .Where(m => m.Platform is not null && !MediaTypes.IsIndex(m.MediaType) && platform.IsSatisfiedBy(m.Platform))
            .ToList();
        return candidates.FirstOrDefault(m => m.Platform!.Variant == platform.Variant)
            ?? candidates.FirstOrDefault(m => m.Platform!.HasSameVariantAs(platform))
            ?? candidates.FirstOrDefault();
    }

    /// <summary>The platforms this index offers, for error messages.</summary>
    [JsonIgnore]
    public IEnumerable<Platform> Platforms => Manifests.Select(m => m.Platform).OfType<Platform>();
}
