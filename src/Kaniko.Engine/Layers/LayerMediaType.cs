namespace Kaniko.Engine.Layers;

/// <summary>The OCI layer media type (from <see cref="MediaTypes"/>) of each <see cref="LayerCompression"/>.</summary>
public static class LayerMediaType
{
    public static string For(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        LayerCompression.None => MediaTypes.OciLayer,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown layer compression."),
    };
}
