using System.Text.Json;

namespace Kaniko.TestInfrastructure;

/// <summary>The process section of the OCI runtime spec (config.json) that umoci unpack writes.</summary>
internal sealed record RuntimeBundleProcess(IReadOnlyList<string> Arguments, IReadOnlyList<string> Environment, string WorkingDirectory, long Uid, long Gid)
{
    public static async Task<RuntimeBundleProcess> ReadAsync(string bundle, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(Path.Combine(bundle, "config.json"));
        await using (stream.ConfigureAwait(false))
        {
            using var spec = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var process = spec.RootElement.GetProperty("process");
            var user = process.GetProperty("user");
            return new RuntimeBundleProcess(
                Strings(process, "args"),
                Strings(process, "env"),
                process.TryGetProperty("cwd", out var cwd) && cwd.GetString() is { Length: > 0 } directory ? directory : "/",
                user.TryGetProperty("uid", out var uid) ? uid.GetInt64() : 0,
                user.TryGetProperty("gid", out var gid) ? gid.GetInt64() : 0);
        }
    }

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(item => item.GetString() ?? string.Empty).ToList()
            : [];
}
