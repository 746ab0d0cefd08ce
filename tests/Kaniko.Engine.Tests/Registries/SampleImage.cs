using System.Security.Cryptography;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>A one-layer image of random bytes (registries do not look inside layers), ready to push.</summary>
internal sealed class SampleImage
{
    private SampleImage(byte[] layer, Descriptor layerDescriptor, byte[] configBytes, Descriptor configDescriptor, byte[] manifestBytes, string mediaType)
    {
        Layer = layer;
        LayerDescriptor = layerDescriptor;
        ConfigBytes = configBytes;
        ConfigDescriptor = configDescriptor;
        ManifestBytes = manifestBytes;
        MediaType = mediaType;
    }

    public byte[] Layer { get; }

    public Descriptor LayerDescriptor { get; }

    public byte[] ConfigBytes { get; }

    public Descriptor ConfigDescriptor { get; }

    public byte[] ManifestBytes { get; }

    public string MediaType { get; }

    public Digest ManifestDigest => Digest.Sha256(ManifestBytes);

    public static SampleImage Create(string manifestMediaType, Platform platform, bool writeMediaTypeField = true)
    {
        byte[] layer = RandomNumberGenerator.GetBytes(4096 + RandomNumberGenerator.GetInt32(4096));
        var layerDescriptor = new Descriptor
        {
            MediaType = manifestMediaType == MediaTypes.DockerManifest ? MediaTypes.DockerLayerGzip : MediaTypes.OciLayerGzip,
            Digest = Digest.Sha256(layer),
            Size = layer.Length,
        };

        var config = new ImageConfig
        {
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Config = new ContainerConfig { Cmd = ["/bin/sh"], Env = ["PATH=/bin"] },
        };
        config.RootFs.DiffIds.Add(Digest.Sha256(layer));
        config.History.Add(new HistoryEntry { CreatedBy = "test layer" });
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
            Layers = [layerDescriptor],
        };
        return new SampleImage(layer, layerDescriptor, configBytes, configDescriptor, manifest.ToJson(), manifestMediaType);
    }

    public async Task PushBlobsAsync(RegistryClient client, ImageReference repository, CancellationToken ct)
    {
        using var layer = new MemoryStream(Layer);
        await client.UploadBlobAsync(repository, LayerDescriptor.Digest, Layer.Length, layer, ct);
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
}
