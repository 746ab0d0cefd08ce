using Kaniko.Engine.Images;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Where an image may be pulled from, in order: the registry maps for its registry
/// (<c>--registry-map FROM=TO[;TO...]</c>), the mirrors when it lives on Docker Hub
/// (<c>--registry-mirror</c>), then the registry it names. A mirror or map target is <c>host[:port]</c>,
/// optionally with a path that prefixes the repository (<c>mirror.example.com/dockerhub</c>).
/// </summary>
public static class PullSources
{
    internal static IReadOnlyList<ImageReference> For(ImageReference reference, RegistrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(settings);
        var targets = new List<string>();
        foreach (var (from, to) in settings.RegistryMaps)
        {
            if (RegistryName.Normalize(from) == RegistryName.Normalize(reference.Registry))
            {
                targets.AddRange(to.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
        }

        if (reference.Registry == ImageReference.DockerHub)
        {
            targets.AddRange(settings.RegistryMirrors);
        }

        var sources = targets.Select(target => Rewrite(reference, target)).ToList();
        sources.Add(reference);
        return sources.Distinct().ToList();
    }

    /// <summary>
    /// <c>FROM=TO[;TO...]</c> flags (kaniko's <c>--registry-map</c>) as <see cref="RegistrySettings.RegistryMaps"/>;
    /// the targets of a registry named twice are tried in the order given.
    /// </summary>
    public static Dictionary<string, string> ParseRegistryMaps(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var maps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new RegistryException(RegistryFailures.Configuration, value, null, $"--registry-map '{value}' is not FROM=TO (for example index.docker.io=mirror.example.com).");
            }

            var from = RegistryName.Normalize(value[..equals]);
            maps[from] = maps.TryGetValue(from, out var earlier) ? earlier + ";" + value[(equals + 1)..] : value[(equals + 1)..];
        }

        return maps;
    }

    private static ImageReference Rewrite(ImageReference reference, string target)
    {
        var trimmed = target.Trim();
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            trimmed = trimmed[(scheme + 3)..];
        }

        trimmed = trimmed.TrimEnd('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? trimmed : trimmed[..slash];
        var prefix = slash < 0 ? string.Empty : trimmed[(slash + 1)..] + "/";
        var suffix = reference.Digest is { } digest ? "@" + digest : ":" + (reference.Tag ?? ImageReference.DefaultTag);
        if (!ImageReference.TryParse($"{host}/{prefix}{reference.Repository}{suffix}", out var rewritten) || !string.Equals(rewritten.Registry, host, StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistryException(
                RegistryFailures.Configuration,
                host,
                null,
                $"The mirror or registry map target '{target}' is not HOST[:PORT][/PATH] (for example mirror.example.com or 127.0.0.1:5000/dockerhub).");
        }

        return rewritten;
    }
}
