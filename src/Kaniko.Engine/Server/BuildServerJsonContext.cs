using System.Text.Json.Serialization;

namespace Kaniko.Engine.Server;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RemoteBuildRequest))]
[JsonSerializable(typeof(ServerMessage))]
internal sealed partial class BuildServerJsonContext : JsonSerializerContext;
