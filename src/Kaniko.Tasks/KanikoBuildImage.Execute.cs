using Kaniko.Engine.Images;
using Kaniko.Engine;
using Kaniko.Engine.Building;
using Kaniko.Engine.Publishing;
using Kaniko.Engine.Registries;
using Kaniko.Engine.Server;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Kaniko.Tasks;

public sealed partial class KanikoBuildImage
{
    // As the C# compiler's server: long enough to serve an edit-publish loop, gone soon after.
    private static readonly TimeSpan BuildServerIdleTimeout = TimeSpan.FromMinutes(10);

    // Not disposed: MSBuild may call Cancel from another thread at any time, even after Execute.
    private readonly CancellationTokenSource _cancellation = new();

    public void Cancel() => _cancellation.Cancel();

    public override bool Execute() => TaskErrors.Report(Log, "The image build", () => Build(Request()), _cancellation.Token);

    /// <summary>The request, made once: built in-process or by the build server, and fingerprinted, as it is.</summary>
    private PublishRequest Request()
    {
        var context = Path.GetFullPath(ContextDirectory);
        return new PublishRequest
        {
            ContextDirectory = context,
            DockerfilePath = Path.GetFullPath(DockerfilePath, context),
            Destinations = Destinations.Length > 0 ? Destinations : ArchiveTags,
            NoPush = Destinations.Length == 0,
            OciLayoutPath = FullPathOrNull(OciLayoutPath),
            TarPath = FullPathOrNull(ArchivePath),
            InsecureRegistries = [.. InsecureRegistries.Order(StringComparer.OrdinalIgnoreCase)],
            RegistryMaps = new SortedDictionary<string, string>(PullSources.ParseRegistryMaps(RegistryMaps), StringComparer.OrdinalIgnoreCase),
            BuildArguments = new SortedDictionary<string, string?>(
                BuildArgs.Select(argument => argument.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : null, StringComparer.Ordinal),
                StringComparer.Ordinal),
            ImageFormat = Format(ImageFormat),
            Platform = string.IsNullOrEmpty(RuntimeIdentifier) ? null : RuntimeIdentifierPlatform.Parse(RuntimeIdentifier),
            Reproducible = Reproducible,
            CacheDirectory = FullPathOrNull(CacheDirectory),
            Cache = Cache,
            CacheRepository = string.IsNullOrEmpty(CacheRepository) ? null : CacheRepository,
        };
    }

    private static string? FullPathOrNull(string? path) => string.IsNullOrEmpty(path) ? null : Path.GetFullPath(path);

    private static Engine.Building.ImageFormat Format(string? format) => format?.ToUpperInvariant() switch
    {
        null or "" => Engine.Building.ImageFormat.Base,
        "DOCKER" => Engine.Building.ImageFormat.Docker,
        "OCI" => Engine.Building.ImageFormat.Oci,
        _ => throw new KanikoException(TaskErrorCode.InvalidImageFormat, $"ContainerImageFormat '{format}' is neither Docker nor OCI."),
    };

    private bool Build(PublishRequest request)
    {
        var fingerprint = string.IsNullOrEmpty(StateFile) ? null : PublishFingerprint.Compute(request);
        var state = UpToDateState(request, fingerprint);
        if (state is not null)
        {
            Log.LogMessage(MessageImportance.High, "Kaniko image is up to date: {0} ({1})", state.Reference, state.Digest);
        }
        else
        {
            var result = BuildImage(request);
            var reference = result.PushedReferences.Count > 0 ? result.PushedReferences[0]
                : request.Destinations.Count > 0 ? request.Destinations[0] : "";
            state = new BuildState(fingerprint ?? "", result.ManifestDigest, reference, string.Join(';', request.Destinations), request.TarPath ?? "");
            if (fingerprint is not null)
            {
                state.Write(StateFile!);
            }

            Log.LogMessage(MessageImportance.High, "Kaniko built {0} ({1})", reference, state.Digest);
        }

        ManifestDigest = state.Digest;
        Image = new TaskItem(state.Reference);
        Image.SetMetadata("Digest", state.Digest);
        Image.SetMetadata("Reference", state.Reference);
        Image.SetMetadata("Tags", state.Tags);
        Image.SetMetadata("ArchivePath", state.ArchivePath);
        Image.SetMetadata("OciLayoutPath", string.IsNullOrEmpty(OciLayoutPath) ? "" : Path.GetFullPath(OciLayoutPath));
        Image.SetMetadata("RuntimeIdentifier", RuntimeIdentifier ?? "");
        return true;
    }

    private RemoteBuildResult BuildImage(PublishRequest request)
    {
        var logger = new TaskLogger(Log);
        if (UseBuildServer)
        {
            var server = new BuildServerClient(typeof(KanikoBuildImage).Assembly.Location, DotnetHost(), BuildServerIdleTimeout, logger);
            if (server.TryBuild(request, _cancellation.Token) is { } remote)
            {
                return remote;
            }
        }

        var result = new ImageBuilder(logger).BuildAsync(request.ToBuildRequest(), _cancellation.Token).GetAwaiter().GetResult();
        return new RemoteBuildResult(result.ManifestDigest.ToString(), [.. result.PushedReferences]);
    }

    // The SDK tells tasks which dotnet runs them; the server runs on the same one.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private BuildState? UpToDateState(PublishRequest request, string? fingerprint)
    {
        if (fingerprint is null || BuildState.Read(StateFile!) is not { } state || state.Fingerprint != fingerprint)
        {
            return null;
        }

        // Outputs deleted since are built again.
        var outputsExist = (request.OciLayoutPath is null || File.Exists(Path.Combine(request.OciLayoutPath, OciLayout.IndexFileName)))
            && (request.TarPath is null || File.Exists(request.TarPath));
        return outputsExist ? state : null;
    }
}
