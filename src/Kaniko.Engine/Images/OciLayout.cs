namespace Kaniko.Engine.Images;

/// <summary>The fixed names of an OCI image layout folder (image-spec image-layout.md).</summary>
public static class OciLayout
{
    public const string LayoutFileName = "oci-layout";
    public const string IndexFileName = "index.json";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string LayoutFileContent = """{"imageLayoutVersion":"1.0.0"}""";

    /// <summary>The name (tag) a descriptor of the layout's index.json carries, if any.</summary>
    public static string? RefName(Descriptor descriptor) => descriptor.Annotations?.GetValueOrDefault(RefNameAnnotation);

    public static string BlobPath(string layoutDirectory, Digest digest) =>
        Path.Combine(layoutDirectory, "blobs", digest.Algorithm, digest.Hex);

    /// <summary>Splits <c>oci:DIR[:TAG]</c> (the prefix already removed) into folder and tag.</summary>
    public static (string Directory, string? Tag) ParseLocation(string location)
    {
        var colon = location.LastIndexOf(':');
        return colon > 0 && location.IndexOf('/', colon) < 0
            ? (location[..colon], location[(colon + 1)..])
            : (location, null);
    }
}
