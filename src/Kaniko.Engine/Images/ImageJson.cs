using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kaniko.Engine.Images;

/// <summary>
/// The one serializer setup for manifests, indexes and configs: spec field names, compact, nulls
/// omitted, map keys sorted (as Go writes them), so the same object always gives the same bytes.
/// </summary>
internal static class ImageJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] ToJson<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Parse<T>(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonException("The document is null.");
        }
        catch (JsonException error)
        {
            throw new KanikoException(ImageErrorCode.InvalidJson, $"The {what} is not valid JSON for its format: {error.Message}", error);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            // Writes \" and leaves '+', '<', '>' readable, as other image tools do; we never embed JSON in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            TypeInfoResolver = ImageJsonContext.Default.WithAddedModifier(OmitEmptyMarkedProperties),
        };
        options.Converters.Add(new Rfc3339TimeConverter());
        options.Converters.Add(new SortedKeysDictionaryConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    private static void OmitEmptyMarkedProperties(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider?.IsDefined(typeof(OmitWhenEmptyAttribute), inherit: false) == true)
            {
                property.ShouldSerialize = static (_, value) => value switch
                {
                    null => false,
                    bool flag => flag,
                    ICollection collection => collection.Count > 0,
                    _ => true,
                };
            }
        }
    }
}
