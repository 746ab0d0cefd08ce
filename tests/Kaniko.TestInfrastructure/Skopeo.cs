using System.Text.Json;

namespace Kaniko.TestInfrastructure;

/// <summary>skopeo, the independent client that checks what our builder pushed.</summary>
public static class Skopeo
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>skopeo inspect</c> of <c>docker://HOST/REPO:TAG</c>: the summary by default, the manifest with
    /// <paramref name="raw"/>, the image config with <paramref name="config"/>.
    /// </summary>
    public static async Task<JsonDocument> InspectAsync(
        RegistryServer registry, string repositoryAndTag, bool raw = false, bool config = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(repositoryAndTag);
        List<string> arguments = ["inspect", .. registry.SkopeoTransportArguments(string.Empty)];
        if (raw)
        {
            arguments.Add("--raw");
        }

        if (config)
        {
            arguments.Add("--config");
        }

        arguments.Add($"docker://{registry.Host}/{repositoryAndTag}");
        var result = await ProcessRunner.RunAsync("skopeo", arguments, timeout: CommandTimeout, cancellationToken: ct).ConfigureAwait(false);
        return JsonDocument.Parse(result.StandardOutput);
    }

    /// <summary>Copies an image out of the registry into an OCI layout folder under <paramref name="tag"/>.</summary>
    public static Task CopyToOciLayoutAsync(
        RegistryServer registry, string repositoryAndTag, string layoutDirectory, string tag, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(repositoryAndTag);
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return ProcessRunner.RunAsync(
            "skopeo",
            [
                "copy", "--quiet", .. registry.SkopeoTransportArguments("src-"),
                $"docker://{registry.Host}/{repositoryAndTag}",
                $"oci:{layoutDirectory}:{tag}",
            ],
            timeout: CommandTimeout,
            cancellationToken: ct);
    }

    /// <summary>Copies an image from an OCI layout into the registry; <paramref name="format"/> is "v2s2" or "oci".</summary>
    public static Task CopyFromOciLayoutAsync(
        string layoutDirectory, string tag, RegistryServer registry, string repositoryAndTag, string format, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return ProcessRunner.RunAsync(
            "skopeo",
            [
                "copy", "--quiet", "--format", format, .. registry.SkopeoTransportArguments("dest-"),
                $"oci:{layoutDirectory}:{tag}",
                $"docker://{registry.Host}/{repositoryAndTag}",
            ],
            timeout: CommandTimeout,
            cancellationToken: ct);
    }
}
