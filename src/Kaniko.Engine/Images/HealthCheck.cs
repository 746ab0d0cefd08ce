using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>Docker's <c>Healthcheck</c>; durations are nanoseconds, as Go's <c>time.Duration</c> marshals.</summary>
public sealed class HealthCheck
{
    /// <summary><c>["NONE"]</c>, <c>["CMD", ...]</c> or <c>["CMD-SHELL", "command"]</c>.</summary>
    [JsonPropertyName("Test")]
    public List<string>? Test { get; set; }

    [JsonPropertyName("Interval")]
    public long? Interval { get; set; }

    [JsonPropertyName("Timeout")]
    public long? Timeout { get; set; }

    [JsonPropertyName("StartPeriod")]
    public long? StartPeriod { get; set; }

    [JsonPropertyName("StartInterval")]
    public long? StartInterval { get; set; }

    [JsonPropertyName("Retries")]
    public int? Retries { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
