using System.Text.Json.Serialization;

namespace Kaniko.Engine.Publishing;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PublishRequest))]
internal sealed partial class PublishJsonContext : JsonSerializerContext;
