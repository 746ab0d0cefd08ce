using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kaniko.Engine.Publishing;

/// <summary>
/// What a publish's image depends on, as one SHA-256: the engine itself, the request as the build
/// server receives it (<see cref="PublishRequest.ToJson"/>), the values of the build arguments it
/// takes from the environment, the Dockerfile, and every context file's path, size and time. Equal
/// fingerprints mean nothing changed. Only the hash is ever written: values that may be secret (build
/// arguments) go into it, never into a file or a log.
/// </summary>
public static class PublishFingerprint
{
    private const string Version = "kaniko-publish-fingerprint-v2";

    public static string Compute(PublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        void AddText(string? text) => Add(text is null ? [0xFF] : Encoding.UTF8.GetBytes(text));

        AddText(Version);
        AddText(typeof(PublishFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(request.ToJson());
        foreach (var name in request.BuildArguments.Where(argument => argument.Value is null).Select(argument => argument.Key).Order(StringComparer.Ordinal))
        {
            AddText(name);
            AddText(Environment.GetEnvironmentVariable(name));
        }

        var dockerfile = Path.GetFullPath(request.DockerfilePath, Path.GetFullPath(request.ContextDirectory));
        AddText(File.Exists(dockerfile) ? File.ReadAllText(dockerfile) : null);
        foreach (var file in Directory.EnumerateFiles(request.ContextDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            AddText(Path.GetRelativePath(request.ContextDirectory, file));
            AddText(string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
