using Kaniko.Engine.Images;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// What warming one reference did: the manifest (or index) digest it names, whether the cache was
/// already up to date (nothing was asked of the registry), and what was downloaded.
/// </summary>
public sealed record PulledImage(ImageReference Reference, Digest Digest, int BlobsDownloaded, long BytesDownloaded)
{
    public bool UpToDate { get; init; }
}
