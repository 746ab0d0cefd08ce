using System.Security.Cryptography;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>An image of random-byte layers (registries do not look inside layers), ready to push.</summary>
internal sealed class SampleImage
{
    private SampleImage(IReadOnlyList<byte[]> layers, IReadOnlyList<Descriptor> layerDescriptors, byte[] configBytes, Descriptor configDescriptor, byte[] manifestBytes, string mediaType)
    {
        Layers = layers;
        LayerDescriptors = layerDescriptors;
        ConfigBytes = configBytes;
        ConfigDescriptor = configDescriptor;
        ManifestBytes = manifestBytes;
        MediaType = mediaType;
    }

    public IReadOnlyList<byte[]> Layers { get; }

    public IReadOnlyList<Descriptor> LayerDescriptors { get; }

    public byte[] Layer => Layers[0];

    public Descriptor LayerDescriptor => LayerDescriptors[0];

    public byte[] ConfigBytes { get; }

    public Descriptor ConfigDescriptor { get; }

    public byte[] ManifestBytes { get; }

    public string MediaType { get; }

    public Digest ManifestDigest => Digest.Sha256(ManifestBytes);

    public static SampleImage Create(string manifestMediaType, Platform platform, bool writeMediaTypeField = true, int layerCount = 1, int? layerSize = null)
    {
        var layers = Enumerable.Range(0, layerCount)
            .Select(_ => RandomNumberGenerator.GetBytes(layerSize ?? 4096 + RandomNumberGenerator.GetInt32(4096)))
            .ToList();
        var layerDescriptors = layers.Select(layer => new Descriptor
        {
            MediaType = manifestMediaType == MediaTypes.DockerManifest ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip,
            Digest = Digest.Sha256(layer),
            Size = layer.Length,
        }).ToList();

        var config = new ImageConfig
        {
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Config = new ContainerConfig { Cmd = ["/bin/sh"], Env = ["PATH=/bin"] },
        };
        foreach (var layer in layers)
        {
            config.RootFs.DiffIds.Add(Digest.Sha256(layer));
            config.History.Add(new HistoryEntry { CreatedBy = "test layer" });
        }

        byte[] configBytes = config.ToJson();
        var configDescriptor = new Descriptor
        {
            MediaType = MediaTypes.ConfigFor(manifestMediaType),
            Digest = Digest.Sha256(configBytes),
            Size = configBytes.Length,
        };

        var manifest = new ImageManifest
        {
            MediaType = writeMediaTypeField ? manifestMediaType : null,
            Config = configDescriptor,
            Layers = [.. layerDescriptors],
        };
        return new SampleImage(layers, layerDescriptors, configBytes, configDescriptor, manifest.ToJson(), manifestMediaType);
    }

    public async Task PushBlobsAsync(RegistryClient client, ImageReference repository, CancellationToken ct)
    {
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Layers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = ct },
            async (i, token) =>
            {
                using var layer = new MemoryStream(Layers[i], writable: false);
                await client.UploadBlobAsync(repository, LayerDescriptors[i].Digest, Layers[i].Length, layer, token);
            });
        using var config = new MemoryStream(ConfigBytes);
        await client.UploadBlobAsync(repository, ConfigDescriptor.Digest, ConfigBytes.Length, config, ct);
    }

    public async Task<Digest> PushAsync(RegistryClient client, ImageReference target, CancellationToken ct)
    {
        await PushBlobsAsync(client, target, ct);
        return await client.PutManifestAsync(target, MediaType, ManifestBytes, ct);
    }

    public Descriptor DescriptorFor(Platform platform) => new()
    {
        MediaType = MediaType,
        Digest = ManifestDigest,
        Size = ManifestBytes.Length,
        Platform = platform,
    };

    /// <summary>The image as the outputs take it: each layer written to a file in <paramref name="folder"/>.</summary>
    public LocalImage ToLocalImage(string folder)
    {
        var layers = Layers.Select((bytes, i) =>
        {
            var path = Path.Combine(folder, LayerDescriptors[i].Digest.Hex);
            File.WriteAllBytes(path, bytes);
            return new LocalLayer(LayerDescriptors[i], Digest.Sha256(bytes), path);
        }).ToList();
        var manifest = ImageManifest.Parse(ManifestBytes);
        manifest.MediaType ??= MediaType;
        return new LocalImage(manifest, ManifestBytes, ImageConfig.Parse(ConfigBytes), ConfigBytes, layers);
    }
}
