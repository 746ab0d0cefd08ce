using System.Text.Json.Serialization;

namespace Kaniko.Engine.Server;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ServerRequest))]
[JsonSerializable(typeof(ServerMessage))]
internal sealed partial class BuildServerJsonContext : JsonSerializerContext;
