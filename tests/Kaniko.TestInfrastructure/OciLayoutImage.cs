using System.Text.Json;

namespace Kaniko.TestInfrastructure;

/// <summary>Reads one tagged image's config out of an OCI image layout folder.</summary>
internal static class OciLayoutImage
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    /// <summary>The image config's Entrypoint (empty when it has none).</summary>
    public static async Task<IReadOnlyList<string>> ReadEntrypointAsync(string layout, string tag, CancellationToken cancellationToken)
    {
        using var index = await ReadJsonAsync(Path.Combine(layout, "index.json"), cancellationToken).ConfigureAwait(false);
        var manifestDigest = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Where(descriptor => descriptor.TryGetProperty("annotations", out var annotations)
                && annotations.TryGetProperty(RefNameAnnotation, out var name)
                && name.GetString() == tag)
            .Select(descriptor => descriptor.GetProperty("digest").GetString())
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"The OCI layout {layout} has no image tagged {tag}.");
        using var manifest = await ReadJsonAsync(BlobPath(layout, manifestDigest), cancellationToken).ConfigureAwait(false);
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()
            ?? throw new InvalidOperationException($"The manifest {manifestDigest} names no config.");
        using var config = await ReadJsonAsync(BlobPath(layout, configDigest), cancellationToken).ConfigureAwait(false);
        return config.RootElement.TryGetProperty("config", out var runConfig)
            && runConfig.TryGetProperty("Entrypoint", out var entrypoint)
            && entrypoint.ValueKind == JsonValueKind.Array
                ? entrypoint.EnumerateArray().Select(word => word.GetString() ?? string.Empty).ToList()
                : [];
    }

    private static string BlobPath(string layout, string digest)
    {
        var parts = digest.Split(':', 2);
        return parts.Length == 2
            ? Path.Combine(layout, "blobs", parts[0], parts[1])
            : throw new InvalidOperationException($"Not a digest: {digest}");
    }

    private static async Task<JsonDocument> ReadJsonAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
