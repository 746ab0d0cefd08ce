using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Building;

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
        var temporary = Path.Combine(_directory, "tmp-" + Guid.NewGuid().ToString("N"));
        WrittenLayer written;
        await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            written = await LayerWriter.WriteAsync(entries, output, options, cancellationToken).ConfigureAwait(false);
        }

        var digest = Digest.Parse(written.Digest);
        var path = PathFor(digest);
        File.Move(temporary, path, overwrite: true);
        var descriptor = new Descriptor { MediaType = mediaType, Digest = digest, Size = written.Size };
        return new LocalLayer(descriptor, Digest.Parse(written.DiffId), path);
    }

    /// <summary>Copies a stream into the store, hashing it on the way; returns its digest, size and path.</summary>
    public async Task<(Digest Digest, long Size, string Path)> ImportAsync(Stream content, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(_directory, "tmp-" + Guid.NewGuid().ToString("N"));
        long size;
        byte[] hash;
        await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            size = output.Length;
            hash = sha.GetHashAndReset();
        }

        var digest = Digest.FromSha256Hash(hash);
        var path = PathFor(digest);
        File.Move(temporary, path, overwrite: true);
        return (digest, size, path);
    }

    public async Task<Descriptor> WriteBytesAsync(byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        var digest = Digest.Sha256(bytes);
        await File.WriteAllBytesAsync(PathFor(digest), bytes, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = mediaType, Digest = digest, Size = bytes.Length };
    }
}
