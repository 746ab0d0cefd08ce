using System.Security.Cryptography;
using System.Text;
using Kaniko.Engine.Filesystem;

namespace Kaniko.Engine.Server;

/// <summary>
/// Where the build server for one server build and one environment listens. The name hashes the
/// server's assembly (path, size, time) and every environment variable, so a server only ever runs
/// builds for callers with exactly the environment it was started with (credentials, DOCKER_CONFIG,
/// SOURCE_DATE_EPOCH, the temp folder) and a new package version gets a server of its own. The
/// folder is the user's runtime folder or <c>/tmp/kaniko-build-server-UID</c>, which must be the
/// user's own and closed to others; otherwise there is no address and builds run in-process.
/// </summary>
public static class BuildServerAddress
{
    public static string? For(string serverAssembly, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folder = Folder(environment);
        return folder is null ? null : Path.Combine(folder, "kaniko-" + Identity(serverAssembly, environment) + ".sock");
    }

    private static string Identity(string serverAssembly, IReadOnlyDictionary<string, string> environment)
    {
        var assembly = new FileInfo(serverAssembly);
        var text = new StringBuilder()
            .Append(assembly.FullName).Append('\0').Append(assembly.Length).Append('\0').Append(assembly.LastWriteTimeUtc.Ticks).Append('\0');
        foreach (var (name, value) in environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
    }

    /// <summary>The folder of the sockets of servers started with <paramref name="environment"/>; null when none is private.</summary>
    public static string? Folder(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var uid = UnixSystemCalls.Geteuid();
        if (environment.GetValueOrDefault("XDG_RUNTIME_DIR") is { Length: > 0 } runtime && IsPrivate(runtime, uid))
        {
            return runtime;
        }

        var folder = Path.Combine("/tmp", "kaniko-build-server-" + uid);
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return IsPrivate(folder, uid) ? folder : null;
    }

    private static bool IsPrivate(string folder, uint uid) =>
        FileStatus.TryRead(folder) is { IsDirectory: true } status
        && status.Uid == uid
        && (status.Permissions & 0x3F) == 0;
}
