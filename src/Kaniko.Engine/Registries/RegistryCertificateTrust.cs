using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Judges registry certificates: the system store, plus a registry's own CA where one is configured,
/// unless verification is skipped for its host. Remembers which hosts it refused, so a refused
/// certificate is reported as such and never mistaken for a registry without TLS.
/// </summary>
internal sealed class RegistryCertificateTrust
{
    private readonly RegistrySettings _settings;
    private readonly List<(string Registry, X509Certificate2Collection Authorities)> _authorities = [];
    private readonly ConcurrentDictionary<string, bool> _refusedHosts = new(StringComparer.OrdinalIgnoreCase);

    public RegistryCertificateTrust(RegistrySettings settings)
    {
        _settings = settings;
        foreach (var (registry, path) in settings.RegistryCertificates)
        {
            _authorities.Add((registry, Load(registry, path)));
        }
    }

    public bool Refused(string host) => _refusedHosts.ContainsKey(host);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        string host = sender switch
        {
            SslStream stream => stream.TargetHostName,
            HttpRequestMessage request => request.RequestUri?.Host ?? string.Empty,
            _ => string.Empty,
        };
        if (_settings.SkipsTlsVerify(host) || errors == SslPolicyErrors.None || TrustedByRegistryAuthority(host, certificate, errors))
        {
            return true;
        }

        _refusedHosts[host] = true;
        return false;
    }

    private bool TrustedByRegistryAuthority(string host, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 serverCertificate)
        {
            return false;
        }

        foreach (var (registry, authorities) in _authorities)
        {
            if (!RegistryName.NamesHost(registry, host))
            {
                continue;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (custom.Build(serverCertificate))
            {
                return true;
            }
        }

        return false;
    }

    private static X509Certificate2Collection Load(string registry, string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RegistryException(
                RegistryFailures.Configuration,
                registry,
                null,
                $"Cannot read the CA certificate '{path}' given for registry {registry}: {error.Message} Give a readable PEM file (--registry-certificate {registry}=PATH).",
                error);
        }

        if (certificates.Count == 0)
        {
            throw new RegistryException(
                RegistryFailures.Configuration,
                registry,
                null,
                $"'{path}', given as the CA certificate of registry {registry}, holds no PEM certificate. Give the CA's certificate in PEM form.");
        }

        return certificates;
    }
}
