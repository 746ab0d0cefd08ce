using Kaniko.Engine.Building;
using Kaniko.Engine.Caching;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Caching;

/// <summary>
/// A build context folder and in-process builds of it with the layer cache, so tests read each
/// step's cache outcome from the <see cref="BuildResult"/>.
/// </summary>
internal sealed class CacheBuild : IDisposable
{
    private int _builds;

    public CacheBuild(string dockerfile)
    {
        Temp = TemporaryDirectory.Create("cache-it");
        Context = Temp.Combine("context");
        Directory.CreateDirectory(Context);
        File.WriteAllText(Path.Combine(Context, "Dockerfile"), dockerfile);
    }

    public TemporaryDirectory Temp { get; }

    public string Context { get; }

    public string CacheDirectory => Temp.Combine("cache");

    public void Write(string relativePath, string content)
    {
        var path = Path.Combine(Context, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>
    /// Builds into a fresh OCI layout (returned) with --reproducible and the given cache settings; given
    /// <paramref name="workDirectory"/>, the build's work folder (stage roots under stages/) is kept there.
    /// </summary>
    public async Task<(BuildResult Result, string Layout, CapturingLogger Log)> BuildAsync(
        LayerCacheOptions cache, string? cacheDirectory = null, IReadOnlyDictionary<string, string?>? buildArguments = null, string? destination = null, string? workDirectory = null)
    {
        var number = Interlocked.Increment(ref _builds);
        var layout = Temp.Combine($"out-{number}");
        var log = new CapturingLogger();
        var request = new BuildRequest
        {
            ContextDirectory = Context,
            DockerfilePath = "Dockerfile",
            Destinations = destination is null ? [] : [destination],
            NoPush = destination is null,
            OciLayoutPath = layout,
            Reproducible = true,
            Cache = cache,
            CacheDirectory = cacheDirectory,
            BuildArguments = buildArguments ?? new Dictionary<string, string?>(),
            WorkDirectory = workDirectory,
        };
        var result = await new ImageBuilder(log).BuildAsync(request);
        return (result, layout, log);
    }

    /// <summary>The file's content in the image written to <paramref name="layout"/> (tagged as the destination, else latest), unpacked by umoci.</summary>
    public async Task<string> ReadFileAsync(string layout, string imagePath, string tag = "latest")
    {
        var bundle = Temp.Combine("bundle-" + Guid.NewGuid().ToString("N"));
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:{tag}", bundle]);
        return await File.ReadAllTextAsync(Path.Combine(bundle, "rootfs", imagePath.TrimStart('/')));
    }

    /// <summary>"C" for a cached step, "E" for an executed RUN/COPY/ADD, one letter per such step.</summary>
    public static string Outcomes(BuildResult result) =>
        string.Concat(result.Steps
            .Where(step => step.Instruction.StartsWith("RUN", StringComparison.Ordinal) || step.Instruction.StartsWith("COPY", StringComparison.Ordinal) || step.Instruction.StartsWith("ADD", StringComparison.Ordinal))
            .Select(step => step.Cached ? 'C' : 'E'));

    public void Dispose() => Temp.Dispose();
}
