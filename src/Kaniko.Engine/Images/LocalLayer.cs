namespace Kaniko.Engine.Images;

/// <summary>
/// A layer whose compressed blob is a file on this machine, or will be once <see cref="EnsureLocalAsync"/>
/// has fetched it: a registry base layer is downloaded only when something reads it.
/// </summary>
public sealed record LocalLayer(Descriptor Descriptor, Digest DiffId, string BlobPath)
{
    /// <summary>The repository the layer was pulled from, if any: a push to the same registry mounts it from there.</summary>
    public ImageReference? Source { get; init; }

    /// <summary>How <see cref="BlobPath"/> gets filled when it is not yet; null when it always is.</summary>
    public OnDemandBlob? Pending { get; init; }

    /// <summary>Makes sure <see cref="BlobPath"/> holds the blob; every caller shares one download.</summary>
    public Task EnsureLocalAsync(CancellationToken cancellationToken) => Pending?.EnsureAsync(cancellationToken) ?? Task.CompletedTask;
}
