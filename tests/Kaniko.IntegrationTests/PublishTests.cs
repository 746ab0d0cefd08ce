using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

[TestClass]
public sealed partial class PublishTests
{
    [TestMethod]
    public async Task Publish_ConsoleApp_PushesImageThatSkopeoUmociAndTheRunnerAccept()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        var (feed, version) = await TasksPackage.EnsurePackedAsync();
        using var temp = TemporaryDirectory.Create("it");
        var project = temp.Combine("ConsoleApp");
        CopyDirectory(Path.Combine(RepositoryPaths.TestAssets, "ConsoleApp"), project);

        var publish = await ProcessRunner.RunAsync("dotnet",
            [
                "publish", project, "-c", "Release", "-nologo", "--source", feed,
                $"-p:KanikoVersion={version}",
                "-p:KanikoPublish=true",
                $"-p:ContainerRegistry={registry.Host}",
                $"-p:ContainerBaseImage={registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}",
                "-p:ContainerRepository=samples/console",
                "-p:ContainerImageTag=1.0",
            ],
            environment: new Dictionary<string, string?> { ["NUGET_PACKAGES"] = temp.Combine("nuget") },
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(5));

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput + publish.StandardError);
        var reported = BuiltDigest().Match(publish.StandardOutput);
        Assert.IsTrue(reported.Success, "the build reports its digest: " + publish.StandardOutput);
        using var inspect = await Skopeo.InspectAsync(registry, "samples/console:1.0");
        Assert.AreEqual(reported.Groups[1].Value, inspect.RootElement.GetProperty("Digest").GetString());

        // skopeo verifies every blob it copies; umoci unpacks it; the runner runs it.
        await Skopeo.CopyToOciLayoutAsync(registry, "samples/console:1.0", temp.Combine("copy"), "1.0");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{temp.Combine("copy")}:1.0", temp.Combine("bundle")]);
        var run = await ImageRunner.RunFromRegistryAsync(registry, "samples/console:1.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image! .NET 10.0");
        StringAssert.Contains(run.StandardOutput, "Working directory: /app");
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(destination, relative))!);
            File.Copy(file, Path.Combine(destination, relative));
        }
    }

    [GeneratedRegex(@"Kaniko built \S+ \((sha256:[0-9a-f]{64})\)")]
    private static partial Regex BuiltDigest();
}
