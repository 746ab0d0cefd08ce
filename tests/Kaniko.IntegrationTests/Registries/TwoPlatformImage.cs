using Kaniko.Engine.Images;
using Kaniko.Engine.Outputs;
using Kaniko.Engine.Registries;
using Kaniko.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.IntegrationTests.Registries;

/// <summary>A two-platform index in a test registry: busybox for this machine, and a fake linux/arm64/v8 one sharing its layers with a config of its own.</summary>
internal static class TwoPlatformImage
{
    public static async Task PushBusyboxAsync(RegistryServer registry, string repositoryAndTag, CancellationToken ct)
    {
        var layout = await BaseImages.EnsureLayoutAsync(ct);
        var host = await OciLayoutReader.ReadAsync(layout, BaseImages.LayoutTag(BaseImage.Busybox), Platform.Host, ct);
        var armConfig = ImageConfig.Parse(host.ConfigBytes);
        armConfig.Architecture = "arm64";
        armConfig.Variant = "v8";
        var armConfigBytes = armConfig.ToJson();
        var armManifest = ImageManifest.Parse(host.ManifestBytes);
        armManifest.MediaType ??= host.ManifestMediaType;
        armManifest.Config = new Descriptor { MediaType = host.Manifest.Config.MediaType, Digest = Digest.Sha256(armConfigBytes), Size = armConfigBytes.Length };
        var arm = new LocalImage(armManifest, armManifest.ToJson(), armConfig, armConfigBytes, host.Layers);
        using var client = new RegistryClient(new RegistrySettings(), NullLogger.Instance);
        await RegistryPusher.PushIndexAsync(client, [host, arm], ImageReference.Parse($"{registry.Host}/{repositoryAndTag}"), NullLogger.Instance, ct);
    }
}
