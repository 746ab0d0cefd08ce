using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>Everything the base image layout is made from; its hash names the cached layout.</summary>
internal sealed record BaseImageInputs(IReadOnlyList<string> DebianPackages, DotnetInstallation Dotnet, IReadOnlyList<string> HostFileHashes)
{
    public static async Task<BaseImageInputs> GatherAsync(CancellationToken cancellationToken)
    {
        var packages = await TestInfrastructure.DebianPackages.CandidateVersionsAsync(cancellationToken).ConfigureAwait(false);
        var hostFiles = new List<string>();
        foreach (var path in BaseImageTrees.HostInputFiles)
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
                hostFiles.Add($"{path}={Convert.ToHexStringLower(hash)}");
            }
        }

        return new BaseImageInputs(packages, DotnetInstallation.Locate(), hostFiles);
    }

    public string CacheKey()
    {
        var description = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"recipe={BaseImageRecipe.Version}")
            .AppendLine(CultureInfo.InvariantCulture, $"hostfxr={Dotnet.HostFxrVersion}")
            .AppendLine(CultureInfo.InvariantCulture, $"runtime={Dotnet.RuntimeVersion}")
            .AppendLine(CultureInfo.InvariantCulture, $"aspnetcore={Dotnet.AspNetCoreVersion}")
            .AppendJoin('\n', DebianPackages).AppendLine()
            .AppendJoin('\n', HostFileHashes).AppendLine()
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)))[..16];
    }
}
