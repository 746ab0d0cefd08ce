using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>How a container of the image runs: the <c>config</c> object of the image config (Docker's field names).</summary>
public sealed class ContainerConfig
{
    /// <summary>
    /// The PATH of a Linux container whose image sets none: BuildKit's system.DefaultPathEnv("linux"),
    /// which is also what runc and containerd give such a process.
    /// </summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    [JsonPropertyName("User")]
    public string? User { get; set; }

    /// <summary>Keys like <c>80/tcp</c>; the values are always empty objects.</summary>
    [JsonPropertyName("ExposedPorts")]
    public Dictionary<string, JsonObject>? ExposedPorts { get; set; }

    [JsonPropertyName("Env")]
    public List<string>? Env { get; set; }

    [JsonPropertyName("Entrypoint")]
    public List<string>? Entrypoint { get; set; }

    [JsonPropertyName("Cmd")]
    public List<string>? Cmd { get; set; }

    [JsonPropertyName("Healthcheck")]
    public HealthCheck? Healthcheck { get; set; }

    [JsonPropertyName("ArgsEscaped")]
    public bool? ArgsEscaped { get; set; }

    /// <summary>Keys are paths; the values are always empty objects.</summary>
    [JsonPropertyName("Volumes")]
    public Dictionary<string, JsonObject>? Volumes { get; set; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; set; }

    [JsonPropertyName("OnBuild")]
    public List<string>? OnBuild { get; set; }

    [JsonPropertyName("Labels")]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; set; }

    [JsonPropertyName("Shell")]
    public List<string>? Shell { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
