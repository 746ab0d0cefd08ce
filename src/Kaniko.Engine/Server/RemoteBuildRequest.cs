using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Kaniko.Engine.Registries;

namespace Kaniko.Engine.Server;

/// <summary>
/// A build as it travels to the build server: the fields of <see cref="BuildRequest"/> a front door
/// that builds through the server (the MSBuild task) sets, with every path absolute.
/// </summary>
public sealed record RemoteBuildRequest
{
    public required string ContextDirectory { get; init; }

    public required string DockerfilePath { get; init; }

    public List<string> Destinations { get; init; } = [];

    public bool NoPush { get; init; }

    public string? OciLayoutPath { get; init; }

    public string? TarPath { get; init; }

    public List<string> InsecureRegistries { get; init; } = [];

    public bool Reproducible { get; init; }

    public Dictionary<string, string?> BuildArguments { get; init; } = [];

    public ImageFormat ImageFormat { get; init; }

    public string? CacheDirectory { get; init; }

    public bool CacheEnabled { get; init; }

    public string? CacheRepository { get; init; }

    public Dictionary<string, string> RegistryMaps { get; init; } = [];

    public string? Platform { get; init; }

    public static RemoteBuildRequest From(BuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RemoteBuildRequest
        {
            ContextDirectory = Path.GetFullPath(request.ContextDirectory),
            DockerfilePath = Path.GetFullPath(request.DockerfilePath, Path.GetFullPath(request.ContextDirectory)),
            Destinations = [.. request.Destinations],
            NoPush = request.NoPush,
            OciLayoutPath = request.OciLayoutPath is null ? null : Path.GetFullPath(request.OciLayoutPath),
            TarPath = request.TarPath is null ? null : Path.GetFullPath(request.TarPath),
            InsecureRegistries = [.. request.InsecureRegistries],
            Reproducible = request.Reproducible,
            BuildArguments = new Dictionary<string, string?>(request.BuildArguments, StringComparer.Ordinal),
            ImageFormat = request.ImageFormat,
            CacheDirectory = request.CacheDirectory is null ? null : Path.GetFullPath(request.CacheDirectory),
            CacheEnabled = request.Cache.Enabled,
            CacheRepository = request.Cache.Repository,
            RegistryMaps = new Dictionary<string, string>(request.Registries.RegistryMaps, StringComparer.OrdinalIgnoreCase),
            Platform = request.Platform?.ToString(),
        };
    }

    public BuildRequest ToBuildRequest() => new()
    {
        ContextDirectory = ContextDirectory,
        DockerfilePath = DockerfilePath,
        Destinations = Destinations,
        NoPush = NoPush,
        OciLayoutPath = OciLayoutPath,
        TarPath = TarPath,
        InsecureRegistries = InsecureRegistries.ToHashSet(StringComparer.OrdinalIgnoreCase),
        Reproducible = Reproducible,
        BuildArguments = BuildArguments,
        ImageFormat = ImageFormat,
        CacheDirectory = CacheDirectory,
        Cache = new Caching.LayerCacheOptions { Enabled = CacheEnabled, Repository = CacheRepository },
        Registries = new RegistrySettings { RegistryMaps = new Dictionary<string, string>(RegistryMaps, StringComparer.OrdinalIgnoreCase) },
        Platform = Platform is null ? null : Images.Platform.Parse(Platform),
    };
}
