using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kaniko.Engine.Images;

/// <summary>Writes <c>Dictionary&lt;string, T&gt;</c> with keys in ordinal order, so labels and annotations serialize the same whatever order they were added in.</summary>
internal sealed class SortedKeysDictionaryConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert.IsGenericType
            && typeToConvert.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            && typeToConvert.GetGenericArguments()[0] == typeof(string)
            && typeToConvert.GetGenericArguments()[1] != typeof(JsonElement);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var converterType = typeof(SortedKeysDictionaryConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[1]);
        return (JsonConverter)Activator.CreateInstance(converterType)!;
    }

    private sealed class SortedKeysDictionaryConverter<TValue> : JsonConverter<Dictionary<string, TValue>>
    {
        public override Dictionary<string, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Expected an object.");
            }

            var converter = (JsonConverter<TValue>)options.GetConverter(typeof(TValue));
            var result = new Dictionary<string, TValue>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string key = reader.GetString()!;
                reader.Read();
                result[key] = converter.Read(ref reader, typeof(TValue), options)!;
            }

            return result;
        }

        public override void Write(Utf8JsonWriter writer, Dictionary<string, TValue> value, JsonSerializerOptions options)
        {
            var converter = (JsonConverter<TValue>)options.GetConverter(typeof(TValue));
            writer.WriteStartObject();
            foreach (var pair in value.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(pair.Key);
                converter.Write(writer, pair.Value, options);
            }

            writer.WriteEndObject();
        }
    }
}
