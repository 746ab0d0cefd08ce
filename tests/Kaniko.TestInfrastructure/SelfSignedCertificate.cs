namespace Kaniko.TestInfrastructure;

/// <summary>A certificate for 127.0.0.1 and localhost made by openssl, its own CA.</summary>
internal sealed record SelfSignedCertificate(string CertificatePath, string KeyPath)
{
    public static async Task<SelfSignedCertificate> CreateAsync(string directory, CancellationToken cancellationToken)
    {
        var certificate = Path.Combine(directory, "registry.crt");
        var key = Path.Combine(directory, "registry.key");
        await ProcessRunner.RunAsync(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key, "-out", certificate,
                "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-days", "2",
            ],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SelfSignedCertificate(certificate, key);
    }
}
