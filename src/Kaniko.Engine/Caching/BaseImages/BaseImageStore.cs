using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Caching.BaseImages;

/// <summary>
/// The blobs of <c>&lt;cache-dir&gt;/images/</c>, an OCI image layout: every blob under
/// <c>blobs/sha256/&lt;hex&gt;</c>, written whole or not at all (<see cref="DurableFile"/>) and verified
/// against its digest before it is stored and whenever it is read.
/// </summary>
internal sealed class BaseImageStore
{
    public BaseImageStore(string cacheDirectory)
    {
        Root = Path.Combine(Path.GetFullPath(cacheDirectory), "images");
    }

    /// <summary>The layout folder, <c>&lt;cache-dir&gt;/images</c>.</summary>
    public string Root { get; }

    public string BlobPath(Digest digest) => OciLayout.BlobPath(Root, digest);

    // A write in progress touches its file every few seconds (reads time out after 2 minutes of silence).
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Creates the layout's folders and its <c>oci-layout</c> file, so other OCI tools can read it,
    /// and removes temporary files that a killed process left behind.
    /// </summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await new OciLayoutFolder(Root).CreateAsync(cancellationToken).ConfigureAwait(false);
        DurableFile.SweepAbandoned(Path.Combine(Root, "blobs", Digest.Sha256Algorithm), AbandonedAfter);
    }

    /// <summary>A small blob (manifest, index, config), or null when it is absent or does not match its digest.</summary>
    public async Task<byte[]?> TryReadAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return digest.Matches(bytes) ? bytes : null;
    }

    /// <summary>Whether the blob is present with exactly its descriptor's size and digest (read through, never held in memory).</summary>
    public async Task<bool> VerifyAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        var path = BlobPath(blob.Digest);
        if (!File.Exists(path) || new FileInfo(path).Length != blob.Size)
        {
            return false;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var verifying = new DigestVerifyingStream(file, blob.Digest, blob.Size);
        try
        {
            await verifying.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KanikoException error) when (error.Code == DigestVerifyingStream.VerificationFailedCode)
        {
            return false;
        }
    }

    public async Task WriteAsync(Digest digest, byte[] bytes, CancellationToken cancellationToken)
    {
        if (!digest.Matches(bytes))
        {
            throw new ArgumentException($"The bytes do not hash to {digest}.", nameof(bytes));
        }

        await DurableFile.WriteAsync(BlobPath(digest), bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads a blob into the store; the registry client verifies size and digest on the way.</summary>
    public Task DownloadAsync(RegistryClient registry, ImageReference source, Descriptor blob, CancellationToken cancellationToken)
        => DurableFile.WriteAsync(BlobPath(blob.Digest), (output, token) => registry.DownloadBlobAsync(source, blob, output, token), cancellationToken);
}
