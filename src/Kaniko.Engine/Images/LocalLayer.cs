namespace Kaniko.Engine.Images;

/// <summary>A layer whose compressed blob is a file on this machine.</summary>
public sealed record LocalLayer(Descriptor Descriptor, Digest DiffId, string BlobPath)
{
    /// <summary>The repository the layer was pulled from, if any: a push to the same registry mounts it from there.</summary>
    public ImageReference? Source { get; init; }
}
