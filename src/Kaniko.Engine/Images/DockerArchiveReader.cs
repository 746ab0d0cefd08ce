using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Images;

/// <summary>
/// Reads one image out of a docker-archive tar (<c>docker save</c>, skopeo, our own writer). Layers
/// may be stored uncompressed (as docker saves them) or compressed; each is streamed once into a
/// content-addressed blob file, gzip-compressed when it was not, with its digest and diff_id computed
/// on the way and checked against the config. Nothing is held in memory but manifest.json and the config.
/// </summary>
public static class DockerArchiveReader
{
    public const string ManifestFileName = "manifest.json";
    public const string RepositoriesFileName = "repositories";
    private const long MaxJsonBytes = 32 * 1024 * 1024;

    /// <summary>Splits <c>docker-archive:FILE[:REF]</c> (the prefix already removed) into the file and the image it names.</summary>
    public static (string Path, string? Reference) ParseLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (location[..colon], location[(colon + 1)..]) : (location, null);
    }

    /// <param name="archivePath">The tar file.</param>
    /// <param name="reference">
    /// Which image of the archive: one of its RepoTags (<c>repo:tag</c>), <c>@N</c> for the N-th, or
    /// null when the archive holds a single image.
    /// </param>
    /// <param name="blobPath">Where a blob with a given digest is stored; its folder must exist.</param>
    public static async Task<LocalImage> ReadAsync(string archivePath, string? reference, Func<Digest, string> blobPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentNullException.ThrowIfNull(blobPath);
        if (!File.Exists(archivePath))
        {
            throw new KanikoException(ImageErrorCode.DockerArchiveMissing, $"The docker archive '{archivePath}' does not exist.");
        }

        var (manifestBytes, links) = await ScanAsync(archivePath, cancellationToken).ConfigureAwait(false);
        var entry = Choose(archivePath, reference, manifestBytes);
        string configName = Resolve(entry.Config, links);
        var layerNames = entry.Layers.Select(name => Resolve(name, links)).ToList();

        byte[]? configBytes = null;
        var stored = new Dictionary<string, StoredLayer>(StringComparer.Ordinal);
        var wanted = layerNames.ToHashSet(StringComparer.Ordinal);
        var scratchFolder = Path.GetDirectoryName(blobPath(Digest.Sha256([])))!;
        await using (var file = OpenRead(archivePath))
        await using (var tar = new TarReader(file))
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } item)
            {
                var name = Normalize(item.Name);
                if (item.DataStream is null)
                {
                    continue;
                }

                if (name == configName)
                {
                    configBytes = await ReadSmallAsync(item.DataStream, archivePath, name, cancellationToken).ConfigureAwait(false);
                }
                else if (wanted.Contains(name) && !stored.ContainsKey(name))
                {
                    stored[name] = await StoreLayerAsync(item.DataStream, scratchFolder, blobPath, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (configBytes is null)
        {
            throw Damaged(archivePath, $"its manifest names the config '{entry.Config}', which is not in the archive");
        }

        var config = ImageConfig.Parse(configBytes);
        var missing = layerNames.FirstOrDefault(name => !stored.ContainsKey(name));
        if (missing is not null)
        {
            throw Damaged(archivePath, $"its manifest names the layer '{missing}', which is not in the archive");
        }

        var layers = layerNames.Select(name => stored[name]).ToList();
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != layers.Count)
        {
            throw Damaged(archivePath, $"its config lists {diffIds.Count} layers but its manifest {layers.Count}");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].DiffId != diffIds[i])
            {
                throw Damaged(archivePath, $"layer {i + 1} ('{layerNames[i]}') has diff_id {layers[i].DiffId}, but the config says {diffIds[i]}");
            }
        }

        bool oci = layers.Any(l => l.MediaType == MediaTypes.OciLayerZstd);
        var manifestType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = manifestType,
            Config = new Descriptor { MediaType = MediaTypes.ConfigFor(manifestType), Digest = Digest.Sha256(configBytes), Size = configBytes.Length },
            Layers = [.. layers.Select(l => new Descriptor { MediaType = oci && l.MediaType == MediaTypes.DockerLayerGzip ? MediaTypes.OciLayerGzip : l.MediaType, Digest = l.Digest, Size = l.Size })],
        };
        await File.WriteAllBytesAsync(blobPath(manifest.Config.Digest), configBytes, cancellationToken).ConfigureAwait(false);
        var localLayers = manifest.Layers.Select((descriptor, i) => new LocalLayer(descriptor, layers[i].DiffId, blobPath(descriptor.Digest))).ToList();
        return new LocalImage(manifest, manifest.ToJson(), config, configBytes, localLayers);
    }

    // First pass: manifest.json and the symbolic links (newer docker saves link duplicate layers), skipping all data.
    private static async Task<(byte[] Manifest, Dictionary<string, string> Links)> ScanAsync(string archivePath, CancellationToken cancellationToken)
    {
        byte[]? manifest = null;
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var file = OpenRead(archivePath);
        await using var tar = new TarReader(file);
        try
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } item)
            {
                var name = Normalize(item.Name);
                if (item.EntryType == TarEntryType.SymbolicLink)
                {
                    var folder = Path.GetDirectoryName(name) ?? string.Empty;
                    links[name] = Normalize(item.LinkName.StartsWith('/') ? item.LinkName : Path.Combine(folder, item.LinkName));
                }
                else if (item.EntryType == TarEntryType.HardLink)
                {
                    links[name] = Normalize(item.LinkName);
                }
                else if (name == ManifestFileName && item.DataStream is not null)
                {
                    manifest = await ReadSmallAsync(item.DataStream, archivePath, name, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidDataException error)
        {
            throw new KanikoException(ImageErrorCode.NotADockerArchive, $"'{archivePath}' is not a docker archive: it is not a readable tar ({error.Message}).");
        }

        return manifest is null
            ? throw new KanikoException(ImageErrorCode.NotADockerArchive, $"'{archivePath}' is not a docker archive: it has no {ManifestFileName}.")
            : (manifest, links);
    }

    private static ArchiveEntry Choose(string archivePath, string? reference, byte[] manifestBytes)
    {
        List<ArchiveEntry> entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<ArchiveEntry>>(manifestBytes) ?? [];
        }
        catch (JsonException error)
        {
            throw Damaged(archivePath, $"its {ManifestFileName} is not valid JSON ({error.Message})");
        }

        entries.RemoveAll(e => string.IsNullOrEmpty(e.Config));
        if (reference is null)
        {
            return entries.Count == 1
                ? entries[0]
                : throw new KanikoException(ImageErrorCode.DockerArchiveImageNotFound, $"The docker archive '{archivePath}' holds {entries.Count} images; name one as docker-archive:{archivePath}:REPO:TAG or docker-archive:{archivePath}:@N. It has: {Describe(entries)}.");
        }

        if (reference.StartsWith('@') && int.TryParse(reference.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return index < entries.Count
                ? entries[index]
                : throw new KanikoException(ImageErrorCode.DockerArchiveImageNotFound, $"The docker archive '{archivePath}' holds {entries.Count} images; there is no image @{index}.");
        }

        var wanted = ImageReference.TryParse(reference, out var parsed) ? parsed : null;
        var match = entries.FirstOrDefault(e => e.RepoTags?.Any(tag => tag == reference || (wanted is not null && ImageReference.TryParse(tag, out var other) && other == wanted)) == true);
        return match ?? throw new KanikoException(ImageErrorCode.DockerArchiveImageNotFound, $"The docker archive '{archivePath}' has no image tagged '{reference}'. It has: {Describe(entries)}.");
    }

    private static string Describe(List<ArchiveEntry> entries)
        => string.Join(", ", entries.Select((e, i) => e.RepoTags is { Count: > 0 } tags ? string.Join(" ", tags) : $"@{i} (untagged)"));

    private static async Task<StoredLayer> StoreLayerAsync(Stream data, string scratchFolder, Func<Digest, string> blobPath, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(scratchFolder, "archive-layer-" + Guid.NewGuid().ToString("N"));
        try
        {
            var magic = new byte[4];
            var read = await data.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var kind = CompressionOf(magic.AsSpan(0, read));
            Digest digest;
            Digest diffId;
            long size;
            await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var compressed = new HashingStream(output, leaveOpen: true))
            {
                if (kind is null)
                {
                    // An uncompressed tar: gzip it on the way in, hashing both sides.
                    await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                    await using (var uncompressed = new HashingStream(gzip, leaveOpen: true))
                    {
                        await uncompressed.WriteAsync(magic.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        await data.CopyToAsync(uncompressed, 1 << 16, cancellationToken).ConfigureAwait(false);
                        diffId = Digest.Parse(uncompressed.CurrentDigest());
                    }
                }
                else
                {
                    await compressed.WriteAsync(magic.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    await data.CopyToAsync(compressed, 1 << 16, cancellationToken).ConfigureAwait(false);
                    diffId = default;
                }

                digest = Digest.Parse(compressed.CurrentDigest());
                size = compressed.BytesWritten;
            }

            if (kind is not null)
            {
                // Already compressed: the diff_id is the hash of the tar inside, read back from the stored file.
                await using var stored = OpenRead(temporary);
                await using var tar = await LayerDecompression.OpenTarAsync(stored, cancellationToken).ConfigureAwait(false);
                await using var hashing = new HashingStream(Stream.Null);
                await tar.CopyToAsync(hashing, 1 << 16, cancellationToken).ConfigureAwait(false);
                diffId = Digest.Parse(hashing.CurrentDigest());
            }

            File.Move(temporary, blobPath(digest), overwrite: true);
            return new StoredLayer(digest, size, diffId, kind ?? MediaTypes.DockerLayerGzip);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string? CompressionOf(ReadOnlySpan<byte> magic)
    {
        if (magic.Length >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return MediaTypes.DockerLayerGzip;
        }

        return magic.Length >= 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD
            ? MediaTypes.OciLayerZstd
            : null;
    }

    private static async Task<byte[]> ReadSmallAsync(Stream data, string archivePath, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await data.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                throw Damaged(archivePath, $"'{name}' is larger than {MaxJsonBytes} bytes, too large for a manifest or config");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Resolve(string name, Dictionary<string, string> links)
    {
        var resolved = Normalize(name);
        for (var hops = 0; hops < 16 && links.TryGetValue(resolved, out var target); hops++)
        {
            resolved = target;
        }

        return resolved;
    }

    // Archive member names are relative: the same cleaning as image paths, without the leading slash.
    private static string Normalize(string name) => RootDirectory.Normalize(name).TrimStart('/');

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);

    private static KanikoException Damaged(string archivePath, string what)
        => new(ImageErrorCode.DockerArchiveDamaged, $"The docker archive '{archivePath}' is damaged: {what}. Save the image again.");

    private sealed record StoredLayer(Digest Digest, long Size, Digest DiffId, string MediaType);

    private sealed class ArchiveEntry
    {
        [System.Text.Json.Serialization.JsonPropertyName("Config")]
        public string Config { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("RepoTags")]
        public List<string>? RepoTags { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("Layers")]
        public List<string> Layers { get; set; } = [];
    }
}
