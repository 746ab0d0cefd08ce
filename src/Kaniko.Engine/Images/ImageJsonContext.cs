using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>
/// Serialization code for the image documents, generated at compile time: reflection-built
/// serializers cost a build about a tenth of a second at start (measured), every build.
/// </summary>
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageConfig))]
internal sealed partial class ImageJsonContext : JsonSerializerContext;
