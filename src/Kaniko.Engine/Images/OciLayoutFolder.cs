using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Images;

/// <summary>
/// An OCI image layout folder on disk: its <c>oci-layout</c> marker, its blobs and its
/// <c>index.json</c>. Every reader and writer of a layout (outputs, caches, base images, pruning)
/// goes through here, so the index is read one way and replaced whole one way.
/// </summary>
internal sealed class OciLayoutFolder(string directory)
{
    public string Directory { get; } = directory;

    public string IndexPath => Path.Combine(Directory, OciLayout.IndexFileName);

    public bool HasIndex => File.Exists(IndexPath);

    public string BlobPath(Digest digest) => OciLayout.BlobPath(Directory, digest);

    /// <summary>Creates the blob folder and the <c>oci-layout</c> marker when missing.</summary>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "blobs", Digest.Sha256Algorithm));
        var marker = Path.Combine(Directory, OciLayout.LayoutFileName);
        if (!File.Exists(marker))
        {
            await DurableFile.WriteAsync(marker, System.Text.Encoding.UTF8.GetBytes(OciLayout.LayoutFileContent), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The index; an empty one when the folder has none yet.</summary>
    public async Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken) =>
        HasIndex
            ? ImageIndex.Parse(await File.ReadAllBytesAsync(IndexPath, cancellationToken).ConfigureAwait(false))
            : EmptyIndex();

    /// <summary>Replaces the index whole (temp file, fsync, rename): a reader sees the old one or the new one.</summary>
    public Task WriteIndexAsync(ImageIndex index, CancellationToken cancellationToken) =>
        DurableFile.WriteAsync(IndexPath, index.ToJson(), cancellationToken);

    /// <summary>The lock processes sharing the folder take around a read-change-write of its index.</summary>
    public Task<FileLock> LockIndexAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(IndexPath + ".lock", timeout, cancellationToken);

    public static ImageIndex EmptyIndex() => new() { SchemaVersion = 2, MediaType = MediaTypes.OciIndex, Manifests = [] };
}
