using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Credentials from docker's <c>config.json</c>: <c>$REGISTRY_AUTH_FILE</c>, then
/// <c>$DOCKER_CONFIG/config.json</c>, then <c>~/.docker/config.json</c>; in each, <c>credHelpers</c>
/// for the registry, then its <c>auths</c> entry (<c>auth</c>, <c>username</c>/<c>password</c>,
/// <c>identitytoken</c>), then <c>credsStore</c>.
/// </summary>
internal static class DockerConfigCredentials
{
    public static async Task<FoundCredential?> FindAsync(
        RegistryEnvironment environment, string registry, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (string path in ConfigFiles(environment))
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var document = await ReadAsync(path, registry, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (Entry(root, "credHelpers", registry) is { ValueKind: JsonValueKind.String } helper
                && await CredentialHelper.GetAsync(helper.GetString()!, registry, environment, logger, cancellationToken).ConfigureAwait(false) is { } fromHelper)
            {
                return fromHelper;
            }

            if (Entry(root, "auths", registry) is { ValueKind: JsonValueKind.Object } auth && FromAuthEntry(auth, path, registry) is { } fromAuths)
            {
                return fromAuths;
            }

            if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName
                && await CredentialHelper.GetAsync(storeName, registry, environment, logger, cancellationToken).ConfigureAwait(false) is { } fromStore)
            {
                return fromStore;
            }
        }

        return null;
    }

    private static IEnumerable<string> ConfigFiles(RegistryEnvironment environment)
    {
        if (environment["REGISTRY_AUTH_FILE"] is { } authFile)
        {
            yield return authFile;
        }

        if (environment["DOCKER_CONFIG"] is { } dockerConfig)
        {
            yield return Path.Combine(dockerConfig, "config.json");
        }

        if (environment["HOME"] is { } home)
        {
            yield return Path.Combine(home, ".docker", "config.json");
        }
    }

    private static async Task<JsonDocument> ReadAsync(string path, string registry, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(path);
            return await JsonDocument.ParseAsync(file, default, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new RegistryException(
                RegistryFailures.Configuration,
                registry,
                null,
                $"Cannot read the docker config '{path}' to find credentials for {registry}: {error.Message} Fix or remove the file.",
                error);
        }
    }

    private static JsonElement? Entry(JsonElement root, string section, string registry)
    {
        if (!root.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string wanted = RegistryName.Normalize(registry);
        foreach (var entry in entries.EnumerateObject())
        {
            if (RegistryName.Normalize(entry.Name) == wanted)
            {
                return entry.Value;
            }
        }

        return null;
    }

    private static FoundCredential? FromAuthEntry(JsonElement auth, string path, string registry)
    {
        string? Text(string name) => auth.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (Text("identitytoken") is { Length: > 0 } identityToken)
        {
            return new FoundCredential(new RegistryCredential(Text("username"), null, identityToken), path);
        }

        if (Text("auth") is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException error)
            {
                throw new RegistryException(
                    RegistryFailures.Configuration,
                    registry,
                    null,
                    $"The auths entry for {registry} in '{path}' has an 'auth' that is not base64 of user:password. Log in again.",
                    error);
            }

            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new RegistryException(
                    RegistryFailures.Configuration,
                    registry,
                    null,
                    $"The auths entry for {registry} in '{path}' has an 'auth' that is not user:password. Log in again.");
            }

            return new FoundCredential(new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]), path);
        }

        return Text("username") is { Length: > 0 } username && Text("password") is { } password
            ? new FoundCredential(new RegistryCredential(username, password), path)
            : null;
    }
}
