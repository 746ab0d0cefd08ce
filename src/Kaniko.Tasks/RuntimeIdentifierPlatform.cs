using Kaniko.Engine;
using Kaniko.Engine.Images;

namespace Kaniko.Tasks;

/// <summary>
/// The image platform a .NET runtime identifier runs on, as the SDK maps ContainerRuntimeIdentifier:
/// <c>linux-x64</c> and <c>linux-musl-x64</c> are <c>linux/amd64</c>, <c>linux-arm64</c> is <c>linux/arm64</c>.
/// </summary>
internal static class RuntimeIdentifierPlatform
{
    public static Platform Parse(string runtimeIdentifier)
    {
        var parts = runtimeIdentifier.ToLowerInvariant().Split('-');
        var platform = parts.Length >= 2 ? parts[^1] switch
        {
            "x64" => new Platform("linux", "amd64"),
            "arm64" => new Platform("linux", "arm64", "v8"),
            "arm" => new Platform("linux", "arm", "v7"),
            "x86" => new Platform("linux", "386"),
            "s390x" => new Platform("linux", "s390x"),
            "ppc64le" => new Platform("linux", "ppc64le"),
            "riscv64" => new Platform("linux", "riscv64"),
            "loongarch64" => new Platform("linux", "loong64"),
            _ => null,
        } : null;
        var isLinux = parts[0] == "linux" && (parts.Length == 2 || (parts.Length == 3 && parts[1] is "musl" or "bionic"));
        if (!isLinux || platform is null)
        {
            throw new KanikoException(TaskErrorCode.NoLinuxRuntimeIdentifier,
                $"ContainerRuntimeIdentifier '{runtimeIdentifier}' names no Linux platform Kaniko builds for; use linux-x64, linux-arm64, linux-musl-x64 or the like.");
        }

        return platform;
    }
}
