using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kaniko.TestInfrastructure;

/// <summary>Accepts a server certificate only when it chains to one given CA (not the machine's store).</summary>
internal sealed class CertificateAuthorityTrust(X509Certificate2 authority)
{
    public static CertificateAuthorityTrust FromPemFile(string path) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(path)));

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 serverCertificate
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.Add(authority);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return customChain.Build(serverCertificate);
    }
}
