using Kaniko.Engine.Building;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Registries;
using Kaniko.Engine.Sandbox;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Running;

/// <summary>
/// Runs an image without a container engine: pulls it (or reads an OCI layout) as FROM does,
/// extracts its layers into a throwaway root and runs its Entrypoint and Cmd there in the RUN
/// sandbox, with its Env, WorkingDir and User; returns the command's exit code.
/// </summary>
public sealed class ContainerRunner(ILogger logger)
{
    public async Task<int> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken = default)
    {
        var work = request.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "kaniko-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            using var registry = new RegistryClient(request.Registries, logger);
            var resolver = new BaseImageResolver(registry, new BlobStore(Path.Combine(work, "blobs")), Platform.Host, logger);
            var image = await resolver.ResolveAsync(request.Image, cancellationToken).ConfigureAwait(false);
            var root = new RootDirectory(Path.Combine(work, "root"));
            Directory.CreateDirectory(root.HostPath);
            await LocalLayerExtraction.ExtractAllAsync(image.Layers, root.HostPath, cancellationToken).ConfigureAwait(false);

            var config = image.Config.Config ?? new ContainerConfig();
            List<string> arguments = [.. config.Entrypoint ?? [], .. request.Command ?? config.Cmd ?? []];
            if (arguments.Count == 0)
            {
                throw new KanikoException(SandboxErrorCode.NothingToRun, $"The image {request.Image} has neither Entrypoint nor Cmd; give a command after '--'.");
            }

            var command = new SandboxedCommand
            {
                Arguments = arguments,
                Environment = Environment(config.Env ?? [], request.Environment),
                WorkingDirectory = string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir,
                User = SandboxUser.Resolve(root, config.User),
                Hostname = "kaniko",
                StandardOutput = request.StandardOutput,
                StandardError = request.StandardError,
            };
            logger.LogInformation("Running {Command} in {Image}", command.Display, request.Image);
            using var sandboxRoot = SandboxRoot.Direct(root.HostPath, Path.Combine(work, "sandbox"));
            var exit = await new NamespaceSandbox(logger).RunAsync(command, sandboxRoot, cancellationToken).ConfigureAwait(false);
            return exit.ExitCode;
        }
        finally
        {
            if (request.WorkDirectory is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>The image's Env with the request's entries over it, PATH defaulted as Docker does.</summary>
    private static List<string> Environment(IEnumerable<string> image, IEnumerable<string> overrides)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in image.Concat(overrides))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                merged[entry[..equals]] = entry;
            }
        }

        merged.TryAdd("PATH", "PATH=" + ContainerConfig.DefaultPath);
        return [.. merged.Values];
    }
}
