using System.Security.Cryptography;
using System.Text;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

/// <summary>
/// A minimal OCI image layout around one layer, so umoci (a Go implementation) can unpack what
/// LayerWriter wrote. Hand-written JSON: the Images part is not this test's subject.
/// </summary>
internal static class OciLayoutFixture
{
    public static void Write(string directory, string layerPath, WrittenLayer layer, string mediaType = "application/vnd.oci.image.layer.v1.tar+gzip") =>
        Write(directory, [(layerPath, layer)], mediaType);

    /// <summary>An image of several layers, bottom first.</summary>
    public static void Write(string directory, IReadOnlyList<(string Path, WrittenLayer Layer)> layers, string mediaType = "application/vnd.oci.image.layer.v1.tar+gzip")
    {
        var blobs = Path.Join(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        foreach (var (layerPath, layer) in layers)
        {
            File.Copy(layerPath, Path.Join(blobs, Hex(layer.Digest)), overwrite: true);
        }

        var diffIds = string.Join(',', layers.Select(layer => $"\"{layer.Layer.DiffId}\""));
        var descriptors = string.Join(',', layers.Select(layer =>
            $$$"""{"mediaType":"{{{mediaType}}}","digest":"{{{layer.Layer.Digest}}}","size":{{{layer.Layer.Size}}}}"""));
        var config = Blob(blobs,
            $$$"""{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[{{{diffIds}}}]}}""");
        var manifest = Blob(blobs,
            $$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{config.Digest}}}","size":{{{config.Size}}}},"layers":[{{{descriptors}}}]}""");
        File.WriteAllText(Path.Join(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Join(directory, "index.json"),
            $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifest.Digest}}}","size":{{{manifest.Size}}},"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}""");
    }

    private static (string Digest, int Size) Blob(string blobs, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        File.WriteAllBytes(Path.Join(blobs, Hex(digest)), bytes);
        return (digest, bytes.Length);
    }

    private static string Hex(string digest) => digest["sha256:".Length..];
}
