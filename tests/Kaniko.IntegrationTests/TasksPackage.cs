using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// The Kaniko.Tasks package as users get it: packed once per test run into a private feed, under a
/// version no other run used, so NuGet's caches can never hand a test an older build.
/// </summary>
internal static class TasksPackage
{
    private static readonly Lazy<Task<(string Feed, string Version)>> Packed = new(PackAsync);

    public static Task<(string Feed, string Version)> EnsurePackedAsync() => Packed.Value;

    private static async Task<(string Feed, string Version)> PackAsync()
    {
        var feed = Directory.CreateTempSubdirectory("kaniko-feed-").FullName;
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var configuration = typeof(TasksPackage).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        await ProcessRunner.RunAsync("dotnet",
            ["pack", Path.Combine(RepositoryPaths.Root, "src", "Kaniko.Tasks"), "--no-build", "-c", configuration, "-o", feed, $"-p:PackageVersion={version}", "-nologo"],
            timeout: TimeSpan.FromMinutes(3));
        return (feed, version);
    }
}
