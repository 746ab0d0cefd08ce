using System.Globalization;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>The YAML configuration for one docker-registry process.</summary>
internal sealed record RegistryConfiguration(
    string StorageDirectory,
    int Port,
    SelfSignedCertificate? Certificate,
    string? HtpasswdPath,
    bool RelativeUrls = false,
    TokenServer? TokenServer = null)
{
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 0.1");
        yaml.AppendLine("log:");
        yaml.AppendLine("  level: warn");
        yaml.AppendLine("  accesslog:");
        yaml.AppendLine("    disabled: true");
        yaml.AppendLine("storage:");
        yaml.AppendLine("  filesystem:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootdirectory: {Quote(StorageDirectory)}");
        yaml.AppendLine("  delete:");
        yaml.AppendLine("    enabled: true");
        yaml.AppendLine("http:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  addr: 127.0.0.1:{Port}");
        // Without a secret the registry warns on every start; uploads go to one process, so any value does.
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  secret: {Guid.NewGuid():N}");
        if (RelativeUrls)
        {
            yaml.AppendLine("  relativeurls: true");
        }
        if (Certificate is not null)
        {
            yaml.AppendLine("  tls:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    certificate: {Quote(Certificate.CertificatePath)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    key: {Quote(Certificate.KeyPath)}");
        }

        if (HtpasswdPath is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  htpasswd:");
            yaml.AppendLine("    realm: kaniko-tests");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    path: {Quote(HtpasswdPath)}");
        }

        if (TokenServer is not null)
        {
            yaml.AppendLine("auth:");
            yaml.AppendLine("  token:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    realm: {Quote(TokenServer.Realm.ToString())}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    service: {TokenServer.Service}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    issuer: {TokenServer.Issuer}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    rootcertbundle: {Quote(TokenServer.CertificatePath)}");
        }

        return yaml.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
