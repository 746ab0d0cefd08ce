using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>Points at content by media type, digest and size: a config, a layer, or a manifest in an index.</summary>
public sealed class Descriptor
{
    [JsonPropertyName("mediaType")]
    public required string MediaType { get; set; }

    [JsonPropertyName("digest")]
    public required Digest Digest { get; set; }

    [JsonPropertyName("size")]
    public required long Size { get; set; }

    [JsonPropertyName("urls")]
    public List<string>? Urls { get; set; }

    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>The content itself, base64, when small enough to embed.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; set; }

    [JsonPropertyName("platform")]
    public Platform? Platform { get; set; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}
