using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Finds the credential for a registry, first match wins: <see cref="RegistrySettings.Credentials"/>,
/// <see cref="EnvironmentCredentials"/>, <see cref="DockerConfigCredentials"/>. Each lookup runs once
/// per registry and access.
/// </summary>
internal sealed class CredentialStore(RegistrySettings settings, ILogger logger)
{
    private readonly ConcurrentDictionary<(string Registry, RegistryAccess Access), Lazy<Task<RegistryCredential?>>> _found = new();

    public async Task<RegistryCredential?> FindAsync(string registry, RegistryAccess access, CancellationToken cancellationToken)
    {
        (string Registry, RegistryAccess Access) key = (RegistryName.Normalize(registry), access);
        var lookup = _found.GetOrAdd(key, k => new Lazy<Task<RegistryCredential?>>(() => LookUpAsync(k.Registry, k.Access, cancellationToken)));
        try
        {
            return await lookup.Value.ConfigureAwait(false);
        }
        catch
        {
            // A cancelled or failed lookup is not an answer: the next request asks again.
            _found.TryRemove(KeyValuePair.Create(key, lookup));
            throw;
        }
    }

    private async Task<RegistryCredential?> LookUpAsync(string registry, RegistryAccess access, CancellationToken cancellationToken)
    {
        var found = Explicit(registry)
            ?? EnvironmentCredentials.Find(settings.Environment, registry, access)
            ?? await DockerConfigCredentials.FindAsync(settings.Environment, registry, logger, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            RegistryLog.NoCredentials(logger, registry);
            return null;
        }

        RegistryLog.CredentialsFound(logger, registry, found.Source);
        return found.Credential;
    }

    private FoundCredential? Explicit(string registry)
    {
        foreach (var (name, credential) in settings.Credentials)
        {
            if (RegistryName.Normalize(name) == registry)
            {
                return new FoundCredential(credential, "the registry settings");
            }
        }

        return null;
    }
}
