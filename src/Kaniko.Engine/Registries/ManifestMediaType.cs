using System.Text.Json;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>Decides what a received manifest is: the Content-Type, else its <c>mediaType</c> field, else its shape.</summary>
internal static class ManifestMediaType
{
    public static string? Determine(string? contentType, byte[] bytes)
    {
        if (IsKnown(contentType))
        {
            return contentType;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("mediaType", out var field) && field.ValueKind == JsonValueKind.String && IsKnown(field.GetString()))
            {
                return field.GetString();
            }

            // umoci and some older tools omit mediaType; the OCI spec then lets the shape decide.
            if (root.TryGetProperty("manifests", out _))
            {
                return MediaTypes.OciIndex;
            }

            if (root.TryGetProperty("config", out _) && root.TryGetProperty("layers", out _))
            {
                return MediaTypes.OciManifest;
            }

            if (root.TryGetProperty("fsLayers", out _))
            {
                return MediaTypes.DockerManifestSchema1;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static bool IsKnown(string? mediaType)
        => MediaTypes.IsIndex(mediaType) || MediaTypes.IsManifest(mediaType)
            || mediaType is MediaTypes.DockerManifestSchema1 or MediaTypes.DockerManifestSchema1Signed;
}
