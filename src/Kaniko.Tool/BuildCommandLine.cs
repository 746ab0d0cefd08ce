using System.CommandLine;
using Kaniko.Engine;
using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Registries;
using Kaniko.Engine.Sandbox;
using Kaniko.Engine.Snapshots;
using Microsoft.Extensions.Logging;

namespace Kaniko.Tool;

/// <summary><c>dotnet kaniko build</c>, with kaniko's flag names, translated into one BuildRequest.</summary>
internal static class BuildCommandLine
{
    public const int Succeeded = 0;
    public const int Failed = 1;

    public static Command Create()
    {
        var context = new Option<string>("--context", "-c") { Description = "The build context folder.", DefaultValueFactory = _ => "." };
        var dockerfile = new Option<string>("--dockerfile", "-f") { Description = "The Dockerfile, relative to the context unless absolute.", DefaultValueFactory = _ => "Dockerfile" };
        var destinations = new Option<string[]>("--destination", "-d") { Description = "An image reference to push to (repeatable)." };
        var noPush = new Option<bool>("--no-push") { Description = "Build but do not push to the destinations." };
        var ociLayout = new Option<string?>("--oci-layout-path") { Description = "Also write the image into this OCI image layout folder." };
        var tarPath = new Option<string?>("--tar-path") { Description = "Also write the image as a docker-archive tar (docker load reads it)." };
        var digestFile = new Option<string?>("--digest-file") { Description = "Write the image's manifest digest to this file." };
        var reproducible = new Option<bool>("--reproducible") { Description = "Fixed timestamps (SOURCE_DATE_EPOCH or the epoch) so the same input gives the same digest." };
        var compression = new Option<LayerCompression>("--compression") { Description = "Layer compression: gzip, zstd or none.", DefaultValueFactory = _ => LayerCompression.Gzip };
        var compressionLevel = CompressionLevelOption.Create();
        var verbosity = new Option<LogLevel>("--verbosity", "-v") { Description = "quiet, minimal, normal (default), detailed or diagnostic.", CustomParser = Verbosity.Parse, DefaultValueFactory = _ => LogLevel.Information };
        var logFormat = new Option<LogFormat>("--log-format") { Description = "text (default) or json: one JSON object per log message.", DefaultValueFactory = _ => LogFormat.Text };
        var buildArgs = new Option<Dictionary<string, string?>>("--build-arg") { Description = "NAME=VALUE for an ARG (repeatable); a bare NAME takes the value from the environment.", CustomParser = r => KeyValueArguments.Parse(r, allowBare: true), AllowMultipleArgumentsPerToken = false };
        var labels = new Option<Dictionary<string, string?>>("--label") { Description = "KEY=VALUE label set on the image (repeatable).", CustomParser = r => KeyValueArguments.Parse(r, allowBare: false) };
        var target = new Option<string?>("--target") { Description = "The stage to build; the last one when not given." };
        var nameWithDigest = new Option<string?>("--image-name-with-digest-file") { Description = "Write each destination as repo@digest, one a line." };
        var nameTagWithDigest = new Option<string?>("--image-name-tag-with-digest-file") { Description = "Write each destination as repo:tag@digest, one a line." };
        var customPlatform = new Option<string?>("--custom-platform") { Description = "os/arch[/variant] to build for, instead of this machine's." };
        var snapshotter = new Option<SnapshotterKind>("--snapshotter") { Description = "How RUN's changes become a layer: overlay (default; falls back to walk where overlay cannot be mounted) or walk.", DefaultValueFactory = _ => SnapshotterKind.Overlay };
        var snapshotMode = new Option<SnapshotMode>("--snapshot-mode") { Description = "What the walking snapshotter compares: full (content hash), redo (mtime, size, mode, owner) or time (mtime).", DefaultValueFactory = _ => SnapshotMode.Full };
        var singleSnapshot = new Option<bool>("--single-snapshot") { Description = "Make one layer per stage of all its file changes, found by a walk of the stage root (in --snapshot-mode) after the last instruction." };
        var secrets = new Option<string[]>("--secret") { Description = "id=ID,src=FILE or id=ID,env=VARIABLE: a secret RUN --mount=type=secret reads; never in the image (repeatable)." };
        var runCacheDir = new Option<string?>("--run-cache-dir") { Description = "Where RUN --mount=type=cache keeps its folders across builds (default ~/.cache/kaniko/run-cache)." };
        var offline = new Option<bool>("--offline") { Description = "Take registry base images from --cache-dir only, without asking any registry." };
        var imageFormat = new Option<ImageFormat>("--image-format") { Description = "docker or oci manifests; the base image's when not given.", CustomParser = ParseImageFormat, DefaultValueFactory = _ => ImageFormat.Base };

        var cache = new LayerCacheFlags();
        var registries = new RegistryOptions();
        var command = new Command("build", "Build an image from a Dockerfile and push it or write it out.")
        {
            context, dockerfile, destinations, noPush, ociLayout, tarPath, digestFile, reproducible, compression, compressionLevel, verbosity,
            buildArgs, labels, target, logFormat, nameWithDigest, nameTagWithDigest, customPlatform, imageFormat,
            snapshotter, snapshotMode, singleSnapshot, secrets, runCacheDir, offline,
        };
        registries.AddTo(command);
        cache.AddTo(command);
        compressionLevel.ValidateAgainst(compression, command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            BuildRequest CreateRequest() => new()
            {
                ContextDirectory = Path.GetFullPath(parsed.GetValue(context)!),
                DockerfilePath = DockerfileFromStandardInput.PathFor(parsed.GetValue(dockerfile)!),
                BuildArguments = parsed.GetValue(buildArgs) ?? [],
                Labels = (parsed.GetValue(labels) ?? []).ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal),
                Target = parsed.GetValue(target),
                ImageNameWithDigestFile = FullPathOrNull(parsed.GetValue(nameWithDigest)),
                ImageNameTagWithDigestFile = FullPathOrNull(parsed.GetValue(nameTagWithDigest)),
                Platform = parsed.GetValue(customPlatform) is { } platform ? Platform.Parse(platform) : null,
                ImageFormat = parsed.GetValue(imageFormat),
                Destinations = parsed.GetValue(destinations) ?? [],
                NoPush = parsed.GetValue(noPush),
                OciLayoutPath = FullPathOrNull(parsed.GetValue(ociLayout)),
                TarPath = FullPathOrNull(parsed.GetValue(tarPath)),
                DigestFile = FullPathOrNull(parsed.GetValue(digestFile)),
                Reproducible = parsed.GetValue(reproducible),
                Compression = parsed.GetValue(compression),
                CompressionLevel = CompressionLevelOption.ToEngineLevel(parsed.GetValue(compressionLevel)),
                SingleSnapshot = parsed.GetValue(singleSnapshot),
                Run = new RunOptions
                {
                    Snapshotter = parsed.GetValue(snapshotter),
                    SnapshotMode = parsed.GetValue(snapshotMode),
                    Secrets = RunCommandLine.ParseSecrets(parsed.GetValue(secrets) ?? []),
                    CacheDirectory = FullPathOrNull(parsed.GetValue(runCacheDir)),
                },
                Registries = registries.Settings(parsed),
                CacheDirectory = FullPathOrNull(parsed.GetValue(cache.Directory)),
                Cache = cache.Options(parsed),
                Offline = parsed.GetValue(offline),
            };
            return await RunAsync(CreateRequest, parsed.GetValue(verbosity), parsed.GetValue(logFormat), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(Func<BuildRequest> createRequest, LogLevel level, LogFormat format, CancellationToken cancellationToken)
    {
        BuildResult result;
        // Disposing the logger factory flushes its queue, so the log is complete before the result line.
        using (var loggers = ConsoleLogging.Create(level, format))
        {
            try
            {
                var request = createRequest();
                result = await new ImageBuilder(loggers.CreateLogger("kaniko")).BuildAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (KanikoException error)
            {
                loggers.Dispose();
                await Console.Error.WriteLineAsync($"error {error.Code}: {error.Message}").ConfigureAwait(false);
                return Failed;
            }
        }

        await Console.Out.WriteLineAsync(result.ManifestDigest.ToString()).ConfigureAwait(false);
        return Succeeded;
    }

    private static ImageFormat ParseImageFormat(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        switch (text.ToLowerInvariant())
        {
            case "docker":
                return ImageFormat.Docker;
            case "oci":
                return ImageFormat.Oci;
            default:
                result.AddError($"--image-format '{text}' is neither docker nor oci.");
                return ImageFormat.Base;
        }
    }

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);
}
