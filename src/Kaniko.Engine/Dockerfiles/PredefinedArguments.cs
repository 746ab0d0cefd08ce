namespace Kaniko.Engine.Dockerfiles;

/// <summary>
/// ARGs a Dockerfile gets without declaring them: the proxy ARGs (usable by RUN, kept out of the
/// image history) and the automatic platform ARGs (visible to FROM lines; in a stage once declared).
/// </summary>
public static class PredefinedArguments
{
    public static IReadOnlySet<string> ProxyNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    public static IReadOnlyDictionary<string, string> Platform(string targetPlatform, string buildPlatform)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetPlatform);
        ArgumentException.ThrowIfNullOrEmpty(buildPlatform);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(values, "TARGET", targetPlatform);
        Add(values, "BUILD", buildPlatform);
        return values;
    }

    private static void Add(Dictionary<string, string> values, string prefix, string platform)
    {
        var parts = platform.Split('/');
        values[prefix + "PLATFORM"] = platform;
        values[prefix + "OS"] = parts[0];
        values[prefix + "ARCH"] = parts.Length > 1 ? parts[1] : string.Empty;
        values[prefix + "VARIANT"] = parts.Length > 2 ? parts[2] : string.Empty;
    }
}
