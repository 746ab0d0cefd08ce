using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>Runs the real <c>dotnet-kaniko</c> program as users do, as a separate process.</summary>
internal static class KanikoTool
{
    public static Task<ProcessResult> RunAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryPaths.ToolAssembly, .. arguments], checkExitCode: false, timeout: TimeSpan.FromMinutes(5));

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="environment"/> over this process's (a TMPDIR of its own).</summary>
    public static Task<ProcessResult> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryPaths.ToolAssembly, .. arguments], environment: environment.ToDictionary(pair => pair.Key, string? (pair) => pair.Value), checkExitCode: false, timeout: TimeSpan.FromMinutes(5));

    /// <summary>
    /// A copy of a testassets Dockerfile whose <c>FROM busybox:latest</c> names the test registry
    /// instead of Docker Hub (until --registry-map exists).
    /// </summary>
    public static string DockerfileFor(string assetName, string registryHost, TemporaryDirectory temp)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", assetName, "Dockerfile"));
        var path = temp.Combine(assetName + ".Dockerfile");
        File.WriteAllText(path, text.Replace("FROM busybox:latest", $"FROM {registryHost}/busybox:latest", StringComparison.Ordinal));
        return path;
    }

    public static string ContextFor(string assetName) =>
        Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", assetName, "context");
}
