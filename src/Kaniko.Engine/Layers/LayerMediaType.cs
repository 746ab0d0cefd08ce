namespace Kaniko.Engine.Layers;

/// <summary>The OCI media types of layers, one per <see cref="LayerCompression"/>.</summary>
public static class LayerMediaType
{
    public const string OciGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciUncompressed = "application/vnd.oci.image.layer.v1.tar";

    public static string For(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => OciGzip,
        LayerCompression.Zstd => OciZstd,
        LayerCompression.None => OciUncompressed,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown layer compression."),
    };
}
