using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

internal sealed class DigestJsonConverter : JsonConverter<Digest>
{
    public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? value = reader.GetString();
        if (!Digest.TryParse(value, out var digest))
        {
            throw new JsonException($"'{value}' is not a valid digest.");
        }

        return digest;
    }

    public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
