namespace Kaniko.Engine.Layers;

/// <summary>
/// A layer as written: <see cref="Digest"/> is "sha256:&lt;hex&gt;" of the compressed bytes,
/// <see cref="DiffId"/> of the uncompressed tar, and <see cref="Size"/> the compressed length.
/// </summary>
public sealed record WrittenLayer(string Digest, string DiffId, long Size)
{
    /// <summary>The OCI media type of the compression used.</summary>
    public string MediaType { get; init; } = MediaTypes.OciLayerGzip;
}
