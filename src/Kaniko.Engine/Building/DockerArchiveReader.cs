using System.Formats.Tar;
using System.Text.Json;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Building;

/// <summary>
/// Reads a base image from a docker-archive tar (what <c>docker save</c> and <c>--tar-path</c>
/// write): <c>docker-archive:PATH[:REPO:TAG]</c>. Every file goes into the blob store by its digest
/// in one pass; manifest.json then says which are the config and the layers.
/// </summary>
internal static class DockerArchiveReader
{
    private const string DockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

    public static async Task<LocalImage> ReadAsync(string location, BlobStore blobs, CancellationToken cancellationToken)
    {
        var (path, reference) = Split(location);
        if (!File.Exists(path))
        {
            throw new KanikoException("KANIKO4004", $"The docker archive '{path}' does not exist.");
        }

        var files = new Dictionary<string, (Digest Digest, long Size, string Path)>(StringComparer.Ordinal);
        await using (var archive = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        await using (var reader = new TarReader(archive))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    files[entry.Name.TrimStart('.', '/')] = await blobs.ImportAsync(data, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var manifests = JsonDocument.Parse(await File.ReadAllBytesAsync(Find(files, "manifest.json", path).Path, cancellationToken).ConfigureAwait(false));
        var chosen = manifests.RootElement.EnumerateArray().FirstOrDefault(m => reference is null
            || (m.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array && tags.EnumerateArray().Any(t => t.GetString() == reference)));
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            throw new KanikoException("KANIKO4004", $"The docker archive '{path}' has no image tagged '{reference}'.");
        }

        var configFile = Find(files, chosen.GetProperty("Config").GetString()!, path);
        var configBytes = await File.ReadAllBytesAsync(configFile.Path, cancellationToken).ConfigureAwait(false);
        var config = ImageConfig.Parse(configBytes);
        var layers = new List<LocalLayer>();
        foreach (var (name, index) in chosen.GetProperty("Layers").EnumerateArray().Select((l, i) => (l.GetString()!, i)))
        {
            var layer = Find(files, name, path);
            var gzip = await IsGzipAsync(layer.Path, cancellationToken).ConfigureAwait(false);
            var descriptor = new Descriptor { MediaType = gzip ? MediaTypes.DockerLayerGzip : DockerLayerTar, Digest = layer.Digest, Size = layer.Size };
            layers.Add(new LocalLayer(descriptor, gzip ? config.RootFs.DiffIds[index] : layer.Digest, layer.Path));
        }

        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configFile.Digest, Size = configFile.Size },
            Layers = layers.Select(l => l.Descriptor).ToList(),
        };
        return new LocalImage(manifest, manifest.ToJson(), config, configBytes, layers);
    }

    private static (string Path, string? Reference) Split(string location)
    {
        // PATH[:REPO:TAG]; a reference has a colon of its own, so it starts at the second-to-last colon.
        var last = location.LastIndexOf(':');
        var previous = last > 0 ? location.LastIndexOf(':', last - 1) : -1;
        return previous > 0 && !File.Exists(location)
            ? (location[..previous], location[(previous + 1)..])
            : (location, null);
    }

    private static (Digest Digest, long Size, string Path) Find(Dictionary<string, (Digest, long, string)> files, string name, string archive) =>
        files.TryGetValue(name.TrimStart('.', '/'), out var file)
            ? file
            : throw new KanikoException("KANIKO4004", $"The docker archive '{archive}' lacks '{name}' that its manifest.json names.");

    private static async Task<bool> IsGzipAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var magic = new byte[2];
        return await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }
}
