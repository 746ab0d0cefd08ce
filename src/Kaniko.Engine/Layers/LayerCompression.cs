namespace Kaniko.Engine.Layers;

/// <summary>How a layer's tar is compressed (<c>--compression</c>).</summary>
public enum LayerCompression
{
    Gzip,
    Zstd,
    None,
}
