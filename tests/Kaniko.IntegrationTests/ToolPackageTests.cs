using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>The tool as users install it: packed, installed into a tool path from that feed, building a testassets Dockerfile.</summary>
[TestClass]
public sealed class ToolPackageTests
{
    [TestMethod]
    public async Task PackedTool_InstallsIntoAToolPath_AndBuildsATestAsset()
    {
        using var temp = TemporaryDirectory.Create("tool-package");
        var feed = temp.Combine("feed");
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var configuration = typeof(ToolPackageTests).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        await ProcessRunner.RunAsync("dotnet",
            ["pack", Path.Combine(RepositoryPaths.Root, "src", "Kaniko.Tool"), "-c", configuration, "-o", feed, $"-p:PackageVersion={version}", "-nologo"],
            timeout: TimeSpan.FromMinutes(6));
        var nugetConfig = temp.Combine("nuget.config");
        File.WriteAllText(nugetConfig, $"<configuration><packageSources><clear /><add key=\"feed\" value=\"{feed}\" /></packageSources></configuration>");
        var tools = temp.Combine("tools");

        await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "--tool-path", tools, "--configfile", nugetConfig, "--version", version, "Kaniko.Tool"],
            timeout: TimeSpan.FromMinutes(3));
        // This machine gets the package of its own architecture, compiled ahead of time (ReadyToRun).
        var architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var engine = Directory.GetFiles(Path.Combine(tools, ".store"), "Kaniko.Engine.dll", SearchOption.AllDirectories).Single();
        StringAssert.Contains(engine, $"/tools/net10.0/linux-{architecture}/");
        Assert.IsTrue(IsReadyToRun(engine), $"{engine} holds no ReadyToRun code");

        var layoutOfBases = await BaseImages.EnsureLayoutAsync();
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, File.ReadAllText(Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", "copy-dir-contents", "Dockerfile"))
            .Replace("FROM busybox:latest", $"FROM oci:{layoutOfBases}:busybox", StringComparison.Ordinal));
        var build = await ProcessRunner.RunAsync(Path.Combine(tools, "dotnet-kaniko"),
            ["build", "-c", Path.Combine(RepositoryPaths.TestAssets, "Dockerfiles", "copy-dir-contents", "context"), "-f", dockerfile, "--no-push", "--oci-layout-path", temp.Combine("oci")],
            checkExitCode: false, timeout: TimeSpan.FromMinutes(3));

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        StringAssert.StartsWith(build.StandardOutput, "sha256:");
        StringAssert.Contains(build.StandardError, "COPY dir /app");

        // RUN from the installed package: its sandbox helper arrives without execute bits (NuGet keeps no modes).
        var runDockerfile = temp.Combine("Run.Dockerfile");
        File.WriteAllText(runDockerfile, $"FROM oci:{layoutOfBases}:busybox\nRUN echo ran-from-the-package\n");
        var run = await ProcessRunner.RunAsync(Path.Combine(tools, "dotnet-kaniko"),
            ["build", "-c", temp.Path, "-f", runDockerfile, "--no-push"], checkExitCode: false, timeout: TimeSpan.FromMinutes(3));
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardError, "| ran-from-the-package");
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
