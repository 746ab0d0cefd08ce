using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Outputs;

/// <summary>
/// Writes a docker-archive tar (the <c>docker save</c> format that <c>docker load</c> and skopeo
/// read): the config, each layer uncompressed, a manifest.json naming the tags, and the legacy
/// <c>repositories</c> file mapping each repository and tag to the top layer.
/// </summary>
public static class DockerArchiveWriter
{
    /// <summary>
    /// Writes the archive whole or not at all (staged beside <paramref name="tarPath"/>, renamed over it
    /// when complete); each layer is decompressed into <paramref name="scratchFolder"/> on the way,
    /// beside the archive when null.
    /// </summary>
    public static async Task WriteAsync(LocalImage image, string tarPath, IReadOnlyList<string> repoTags, string? scratchFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var folder = Path.GetDirectoryName(Path.GetFullPath(tarPath))!;
        Directory.CreateDirectory(folder);
        await StagedOutput.WriteFileAsync(
            tarPath,
            async (output, token) =>
            {
                await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
                var configName = image.Manifest.Config.Digest.Hex + ".json";
                await WriteBytesEntryAsync(tar, configName, image.ConfigBytes, token).ConfigureAwait(false);
                var layerNames = new List<string>();
                foreach (var layer in image.Layers)
                {
                    var name = layer.DiffId.Hex + "/layer.tar";
                    await WriteUncompressedLayerAsync(tar, layer, name, scratchFolder ?? folder, token).ConfigureAwait(false);
                    layerNames.Add(name);
                }

                await WriteBytesEntryAsync(tar, DockerArchiveReader.ManifestFileName, ManifestJson(configName, repoTags, layerNames), token).ConfigureAwait(false);
                if (layerNames.Count > 0 && RepositoriesJson(repoTags, layerNames[^1]) is { } repositories)
                {
                    await WriteBytesEntryAsync(tar, DockerArchiveReader.RepositoriesFileName, repositories, token).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static byte[] ManifestJson(string configName, IReadOnlyList<string> repoTags, List<string> layerNames)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("Config", configName);
            json.WriteStartArray("RepoTags");
            foreach (var tag in repoTags)
            {
                json.WriteStringValue(tag);
            }

            json.WriteEndArray();
            json.WriteStartArray("Layers");
            foreach (var name in layerNames)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    // {"repo": {"tag": "<top layer folder>"}}, as docker save writes it for the tags it was given.
    private static byte[]? RepositoriesJson(IReadOnlyList<string> repoTags, string topLayerName)
    {
        var tagsByRepository = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        var topLayer = topLayerName[..topLayerName.IndexOf('/', StringComparison.Ordinal)];
        foreach (var repoTag in repoTags)
        {
            if (ImageReference.TryParse(repoTag, out var reference) && reference.Tag is { } tag)
            {
                var repository = repoTag[..repoTag.LastIndexOf(':')];
                if (!tagsByRepository.TryGetValue(repository, out var tags))
                {
                    tagsByRepository[repository] = tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
                }

                tags[tag] = topLayer;
            }
        }

        return tagsByRepository.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(tagsByRepository);
    }

    private static async Task WriteUncompressedLayerAsync(TarWriter tar, LocalLayer layer, string name, string scratchFolder, CancellationToken cancellationToken)
    {
        // The tar header needs the size first, so the layer is decompressed to a file, never to memory.
        var scratch = Path.Combine(scratchFolder, ".layer-" + Guid.NewGuid().ToString("N"));
        await layer.EnsureLocalAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var input = new FileStream(layer.BlobPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var output = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var isGzip = layer.Descriptor.MediaType.EndsWith("gzip", StringComparison.Ordinal);
                await using var content = isGzip ? new GZipStream(input, CompressionMode.Decompress) : (Stream)input;
                await content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            await using var data = new FileStream(scratch, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await ArchiveFileEntry.WriteAsync(tar, name, data, modificationTime: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private static async Task WriteBytesEntryAsync(TarWriter tar, string name, byte[] bytes, CancellationToken cancellationToken)
    {
        using var data = new MemoryStream(bytes, writable: false);
        await ArchiveFileEntry.WriteAsync(tar, name, data, modificationTime: null, cancellationToken).ConfigureAwait(false);
    }
}
