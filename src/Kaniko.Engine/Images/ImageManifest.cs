using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>One image: its config and layers (OCI image manifest or Docker v2 schema 2).</summary>
public sealed class ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; set; } = 2;

    /// <summary>Null when the JSON omits it (umoci does); the registry client fills in the type it inferred.</summary>
    [JsonPropertyName("mediaType")]
    public string? MediaType { get; set; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; set; }

    [JsonPropertyName("config")]
    public required Descriptor Config { get; set; }

    [JsonPropertyName("layers")]
    public List<Descriptor> Layers { get; set; } = [];

    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public static ImageManifest Parse(ReadOnlySpan<byte> json) => ImageJson.Parse<ImageManifest>(json, "image manifest");

    /// <summary>Compact, deterministic JSON; digest these exact bytes and send them unchanged.</summary>
    public byte[] ToJson() => ImageJson.ToJson(this);
}
