namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>Stops the asset tests' shared registry and HTTP server when the test run ends.</summary>
[TestClass]
public static class AssetEnvironmentLifetime
{
    [AssemblyCleanup]
    public static Task StopSharedEnvironment() => AssetEnvironment.StopSharedAsync();
}
