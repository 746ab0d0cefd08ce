using System.CommandLine;
using Kaniko.Engine.Registries;

namespace Kaniko.Tool;

/// <summary>The registry flags every command that pulls or pushes takes, with kaniko's names, and the settings they make.</summary>
internal sealed class RegistryOptions
{
    private readonly Option<string[]> _insecure = new("--insecure-registry") { Description = "A registry to reach over plain HTTP (repeatable); loopback registries fall back to it when they do not speak TLS." };
    private readonly Option<bool> _insecureAll = new("--insecure") { Description = "Reach every registry over plain HTTP." };
    private readonly Option<bool> _skipTlsVerify = new("--skip-tls-verify") { Description = "Accept any TLS certificate from any registry." };
    private readonly Option<string[]> _skipTlsVerifyRegistry = new("--skip-tls-verify-registry") { Description = "Accept any TLS certificate from this registry (repeatable)." };
    private readonly Option<string[]> _registryCertificate = new("--registry-certificate") { Description = "HOST=PATH: also trust the CA certificate (PEM) at PATH for this registry (repeatable)." };
    private readonly Option<int> _pushRetry = new Option<int>("--push-retry") { Description = "Retries of a failed push request or upload.", DefaultValueFactory = _ => 3 }.NotNegative();
    private readonly Option<int> _downloadRetry = new Option<int>("--image-download-retry") { Description = "Retries of a failed pull request or download.", DefaultValueFactory = _ => 3 }.NotNegative();
    private readonly Option<string[]> _registryMirror = new("--registry-mirror") { Description = "A Docker Hub mirror (HOST[/PATH]) tried, in order, before Docker Hub for pulls (repeatable)." };
    private readonly Option<string[]> _registryMap = new("--registry-map") { Description = "FROM=TO[;TO]: pull images of registry FROM from TO first (repeatable)." };
    private readonly Option<long?> _uploadChunkSize = new Option<long?>("--upload-chunk-size") { Description = "Upload blobs in chunks of this many bytes instead of one request each." }.Positive();

    public void AddTo(Command command)
    {
        Option[] options = [_insecure, _insecureAll, _skipTlsVerify, _skipTlsVerifyRegistry, _registryCertificate, _pushRetry, _downloadRetry, _registryMirror, _registryMap, _uploadChunkSize];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings the flags say; a malformed flag is a KANIKO1109 error naming its form.</summary>
    public RegistrySettings Settings(ParseResult parsed) => new()
    {
        Insecure = parsed.GetValue(_insecureAll),
        InsecureRegistries = (parsed.GetValue(_insecure) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
        SkipTlsVerify = parsed.GetValue(_skipTlsVerify),
        SkipTlsVerifyRegistries = (parsed.GetValue(_skipTlsVerifyRegistry) ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase),
        RegistryCertificates = CertificatePairs(parsed.GetValue(_registryCertificate) ?? []),
        PushRetries = parsed.GetValue(_pushRetry),
        PullRetries = parsed.GetValue(_downloadRetry),
        RegistryMirrors = parsed.GetValue(_registryMirror) ?? [],
        RegistryMaps = PullSources.ParseRegistryMaps(parsed.GetValue(_registryMap) ?? []),
        UploadChunkSize = parsed.GetValue(_uploadChunkSize),
    };

    private static Dictionary<string, string> CertificatePairs(string[] values)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new RegistryException(RegistryErrorCode.Configuration, value, null, $"--registry-certificate '{value}' is not HOST=PATH (for example registry.example.com=/certs/ca.pem).");
            }

            pairs[value[..equals]] = Path.GetFullPath(value[(equals + 1)..]);
        }

        return pairs;
    }
}
