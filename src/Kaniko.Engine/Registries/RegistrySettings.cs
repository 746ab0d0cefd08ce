using System.Net;

namespace Kaniko.Engine.Registries;

/// <summary>How to talk to registries. Loopback registries always use plain HTTP, as Docker does.</summary>
public sealed record RegistrySettings
{
    /// <summary>Registries reached over plain HTTP: <c>host</c> (any port) or <c>host:port</c>.</summary>
    public IReadOnlySet<string> InsecureRegistries { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="registry"/> (<c>host</c> or <c>host:port</c>) is spoken to over plain HTTP.</summary>
    public bool UsesPlainHttp(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        string host = HostOf(registry);
        // Any() rather than Contains(): callers may pass a set with a case-sensitive comparer.
        return IsLoopback(host)
            || InsecureRegistries.Any(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase)
                || string.Equals(r, host, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsLoopback(string host)
        => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            int close = registry.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? registry[..(close + 1)] : registry;
        }

        int colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }
}
