using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Caching;

/// <summary>A content-addressed folder of blobs (pulled base layers, new layers, configs) for one build.</summary>
internal sealed class BlobStore
{
    private readonly string _directory;

    public BlobStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(Path.Combine(directory, "sha256"));
    }

    public string PathFor(Digest digest) => Path.Combine(_directory, digest.Algorithm, digest.Hex);

    /// <summary>Writes a layer straight to a file (never to memory) and files it under its digest.</summary>
    public async Task<LocalLayer> WriteLayerAsync(IEnumerable<LayerEntry> entries, LayerWriteOptions options, string mediaType, CancellationToken cancellationToken)
    {
        var written = await WriteBlobAsync(
            (output, token) => LayerWriter.WriteAsync(entries, output, options, token),
            layer => Digest.Parse(layer.Digest),
            cancellationToken).ConfigureAwait(false);
        var digest = Digest.Parse(written.Digest);
        var descriptor = new Descriptor { MediaType = mediaType, Digest = digest, Size = written.Size };
        return new LocalLayer(descriptor, Digest.Parse(written.DiffId), PathFor(digest));
    }

    /// <summary>Copies a stream into the store, hashing it on the way; returns its digest, size and path.</summary>
    public async Task<(Digest Digest, long Size, string Path)> ImportAsync(Stream content, CancellationToken cancellationToken)
    {
        var (digest, size) = await WriteBlobAsync(
            async (output, token) =>
            {
                await using var hashing = new HashingStream(output, leaveOpen: true);
                await content.CopyToAsync(hashing, 1 << 16, token).ConfigureAwait(false);
                return (Digest: Digest.Parse(hashing.CurrentDigest()), Size: hashing.BytesWritten);
            },
            imported => imported.Digest,
            cancellationToken).ConfigureAwait(false);
        return (digest, size, PathFor(digest));
    }

    /// <summary>
    /// Downloads a registry blob into the store under its digest (the client verifies digest and size
    /// on the way) unless it is there already; a failed download leaves no file under that name.
    /// </summary>
    public async Task<string> DownloadAsync(RegistryClient registry, ImageReference repository, Descriptor blob, CancellationToken cancellationToken)
    {
        var path = PathFor(blob.Digest);
        if (File.Exists(path))
        {
            return path;
        }

        var temporary = path + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await registry.DownloadBlobAsync(repository, blob, output, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<Descriptor> WriteBytesAsync(byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        var digest = Digest.Sha256(bytes);
        await WriteBlobAsync(
            async (output, token) =>
            {
                await output.WriteAsync(bytes, token).ConfigureAwait(false);
                return digest;
            },
            written => written,
            cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = mediaType, Digest = digest, Size = bytes.Length };
    }

    /// <summary>
    /// Writes a blob whole or not at all, named for the digest the write returns. No fsync: the store
    /// lives in the build's work folder, which does not outlive the build.
    /// </summary>
    private Task<T> WriteBlobAsync<T>(Func<Stream, CancellationToken, Task<T>> write, Func<T, Digest> digestOf, CancellationToken cancellationToken) =>
        DurableFile.WriteAsync(_directory, write, written => PathFor(digestOf(written)), flushToDisk: false, cancellationToken);
}
