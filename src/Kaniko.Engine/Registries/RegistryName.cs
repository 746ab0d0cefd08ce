using System.Net;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Registry names as users write them (<c>host</c>, <c>host:port</c>, docker config keys such as
/// <c>https://index.docker.io/v1/</c>) brought to one form so they can be compared.
/// </summary>
internal static class RegistryName
{
    private static readonly string[] DockerHubAliases = ["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"];

    /// <summary>Lower-case <c>host[:port]</c>, without scheme or path; every Docker Hub alias becomes <c>docker.io</c>.</summary>
    public static string Normalize(string name)
    {
        string value = name.Trim();
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }

        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            value = value[..slash];
        }

        value = value.ToLowerInvariant();
        return DockerHubAliases.Contains(value) ? ImageReferenceDockerHub : value;
    }

    /// <summary>The host part of <c>host[:port]</c> (IPv6 in brackets stays bracketed).</summary>
    public static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            int close = registry.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? registry[..(close + 1)] : registry;
        }

        int colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }

    /// <summary>Whether a configured <c>host</c> or <c>host:port</c> names <paramref name="registry"/>; a bare host matches any port.</summary>
    public static bool Names(string configured, string registry)
    {
        string wanted = Normalize(configured);
        string actual = Normalize(registry);
        return wanted == actual || wanted == Normalize(HostOf(actual));
    }

    /// <summary>Whether a configured <c>host</c> or <c>host:port</c> is on <paramref name="host"/> (TLS is judged per host, not port).</summary>
    public static bool NamesHost(string configured, string host)
        => HostOf(Normalize(configured)) == HostOf(Normalize(host));

    public static bool IsLoopback(string registry)
    {
        string host = HostOf(registry);
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    private const string ImageReferenceDockerHub = Images.ImageReference.DockerHub;
}
