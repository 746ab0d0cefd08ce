using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>
/// The image config blob. Fields this type does not know (Docker's <c>container_config</c>,
/// <c>docker_version</c>, future spec fields) are kept and written back, at every level.
/// </summary>
public sealed class ImageConfig
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; set; }

    [JsonPropertyName("author")]
    public string? Author { get; set; }

    [JsonPropertyName("architecture")]
    public string Architecture { get; set; } = "";

    [JsonPropertyName("os")]
    public string Os { get; set; } = "";

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; set; }

    [JsonPropertyName("os.features")]
    public List<string>? OsFeatures { get; set; }

    [JsonPropertyName("variant")]
    public string? Variant { get; set; }

    [JsonPropertyName("config")]
    public ContainerConfig Config { get; set; } = new();

    [JsonPropertyName("rootfs")]
    public RootFs RootFs { get; set; } = new();

    [JsonPropertyName("history")]
    [OmitWhenEmpty]
    public List<HistoryEntry> History { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    [JsonIgnore]
    public Platform Platform => new(Os, Architecture, Variant) { OsVersion = OsVersion };

    public static ImageConfig Parse(ReadOnlySpan<byte> json) => ImageJson.Parse<ImageConfig>(json, "image config");

    public byte[] ToJson() => ImageJson.ToJson(this);

    /// <summary>A deep copy, so a stage can change its config without touching its base image's.</summary>
    public ImageConfig Clone() => Parse(ToJson());
}
