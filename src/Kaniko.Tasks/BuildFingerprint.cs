using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kaniko.Engine.Building;

namespace Kaniko.Tasks;

/// <summary>
/// What an image build depends on, as one hash: the request's settings, the Dockerfile, every
/// context file's path, size and time, and the engine itself. Equal hashes mean nothing changed.
/// </summary>
internal static class BuildFingerprint
{
    private const string Version = "kaniko-build-fingerprint-v1";

    public static string Compute(BuildRequest request, string dockerfilePath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData([0]);
        }

        Add(Version);
        Add(typeof(ImageBuilder).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(string.Join('\n', request.Destinations));
        Add(string.Join('\n', request.InsecureRegistries.Order(StringComparer.Ordinal)));
        Add(string.Join('\n', request.Registries.RegistryMaps.OrderBy(map => map.Key, StringComparer.Ordinal).Select(map => $"{map.Key}={map.Value}")));
        Add(string.Join('\n', request.BuildArguments.OrderBy(argument => argument.Key, StringComparer.Ordinal).Select(argument => $"{argument.Key}={argument.Value}")));
        Add($"{request.NoPush}|{request.OciLayoutPath}|{request.TarPath}|{request.Reproducible}|{request.Compression}|{request.CompressionLevel}|{request.ImageFormat}|{request.Platform}");
        Add(File.Exists(dockerfilePath) ? File.ReadAllText(dockerfilePath) : "");
        foreach (var file in Directory.EnumerateFiles(request.ContextDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            Add(Path.GetRelativePath(request.ContextDirectory, file));
            Add(string.Create(CultureInfo.InvariantCulture, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
