using System.CommandLine;
using Kaniko.Engine.Warming;
using Kaniko.Engine;
using Kaniko.Engine.Caching.BaseImages;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging;

namespace Kaniko.Tool;

/// <summary>
/// <c>dotnet kaniko warm</c> (kaniko's warmer): pulls base images into a cache folder that builds
/// read with <c>--cache-dir</c>. stdout gets one <c>reference@digest</c> line per image.
/// </summary>
internal static class WarmCommandLine
{
    public static Command Create()
    {
        var images = new Option<string[]>("--image", "-i") { Description = "A registry image to warm (repeatable)." };
        var dockerfile = new Option<string?>("--dockerfile", "-f") { Description = "Also warm every registry image this Dockerfile's FROM (and COPY --from) lines name." };
        var buildArgs = new Option<Dictionary<string, string?>>("--build-arg") { Description = "NAME=VALUE for the Dockerfile's ARGs used in FROM (repeatable); a bare NAME takes the value from the environment.", CustomParser = r => KeyValueArguments.Parse(r, allowBare: true) };
        var cacheDir = new Option<string>("--cache-dir") { Description = "The cache folder; images go to its images/ OCI layout.", Required = true };
        var cacheTtl = CacheTtlOption.Create("How long a warmed image is trusted before it is fetched again, as a Go duration (default 336h).");
        var force = new Option<bool>("--force") { Description = "Download every image again, even when the cache holds it intact." };
        var platforms = new Option<string[]>("--custom-platform") { Description = "os/arch[/variant] to warm (repeatable); this machine's when not given." };
        var verbosity = new Option<LogLevel>("--verbosity", "-v") { Description = "quiet, minimal, normal (default), detailed or diagnostic.", CustomParser = Verbosity.Parse, DefaultValueFactory = _ => LogLevel.Information };

        var registries = new RegistryOptions();
        var command = new Command("warm", "Pull base images into a cache folder for builds with --cache-dir (and --offline).")
        {
            images, dockerfile, buildArgs, cacheDir, cacheTtl, force, platforms, verbosity,
        };
        registries.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            IReadOnlyList<PulledImage> warmed;
            using (var loggers = ConsoleLogging.Create(parsed.GetValue(verbosity)))
            {
                try
                {
                    var request = new WarmRequest
                    {
                        CacheDirectory = Path.GetFullPath(parsed.GetValue(cacheDir)!),
                        Images = parsed.GetValue(images) ?? [],
                        DockerfilePath = parsed.GetValue(dockerfile) is { } path ? Path.GetFullPath(path) : null,
                        BuildArguments = parsed.GetValue(buildArgs) ?? [],
                        Platforms = (parsed.GetValue(platforms) ?? []).Select(Platform.Parse).ToList(),
                        Ttl = parsed.GetValue(cacheTtl),
                        Force = parsed.GetValue(force),
                        Registries = registries.Settings(parsed),
                    };
                    warmed = await new BaseImageWarmer(loggers.CreateLogger("kaniko")).WarmAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (KanikoException error)
                {
                    loggers.Dispose();
                    await Console.Error.WriteLineAsync($"error {error.Code}: {error.Message}").ConfigureAwait(false);
                    return BuildCommandLine.Failed;
                }
            }

            foreach (var image in warmed)
            {
                await Console.Out.WriteLineAsync($"{image.Reference}@{image.Digest}").ConfigureAwait(false);
            }

            return BuildCommandLine.Succeeded;
        });
        return command;
    }
}
