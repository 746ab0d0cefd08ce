using System.Text.Json;
using System.Text.RegularExpressions;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

[TestClass]
public sealed partial class PublishTests
{
    [TestMethod]
    public async Task Publish_ToRegistry_PushesImageThatSkopeoUmociAndTheRunnerAccept()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        using var sample = SampleProject.Copy("ConsoleApp");

        var publish = await sample.DotnetAsync("publish", "-c", "Release",
            "-p:KanikoPublish=true",
            $"-p:ContainerRegistry={registry.Host}",
            $"-p:ContainerBaseImage={registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}",
            "-p:ContainerRepository=samples/console",
            "-p:ContainerImageTag=1.0");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput + publish.StandardError);
        var reported = BuiltDigest().Match(publish.StandardOutput);
        Assert.IsTrue(reported.Success, "the build reports its digest: " + publish.StandardOutput);
        using var inspect = await Skopeo.InspectAsync(registry, "samples/console:1.0");
        Assert.AreEqual(reported.Groups[1].Value, inspect.RootElement.GetProperty("Digest").GetString());

        // skopeo verifies every blob it copies; umoci unpacks it; dotnet kaniko run runs it.
        using var temp = TemporaryDirectory.Create("publish");
        await Skopeo.CopyToOciLayoutAsync(registry, "samples/console:1.0", temp.Combine("copy"), "1.0");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{temp.Combine("copy")}:1.0", temp.Combine("bundle")]);
        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/samples/console:1.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image! .NET 10.0");
        StringAssert.Contains(run.StandardOutput, "Working directory: /app");
    }

    [TestMethod]
    public async Task Publish_WithoutRegistry_WritesOciLayoutAndDockerArchiveForEveryTag()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var sample = SampleProject.Copy("ConsoleApp");

        var publish = await sample.DotnetAsync("publish", "-c", "Release",
            "-p:KanikoPublish=true",
            $"-p:ContainerBaseImage=oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}",
            "-p:ContainerImageTags=\"1.0;latest\"");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput + publish.StandardError);
        var container = sample.Combine("bin", "Release", "net10.0", "container");
        var digests = new List<string?>();
        foreach (var tag in new[] { "1.0", "latest" })
        {
            var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{container}/oci:{tag}"]);
            using var json = JsonDocument.Parse(inspect.StandardOutput);
            digests.Add(json.RootElement.GetProperty("Digest").GetString());
        }

        Assert.AreEqual(digests[0], digests[1], "both tags name the same image");
        await ProcessRunner.RunAsync("skopeo", ["inspect", $"docker-archive:{container}/consoleapp.tar"]);
        var manifest = await ProcessRunner.RunAsync("tar", ["-xOf", $"{container}/consoleapp.tar", "manifest.json"]);
        using (var manifestJson = JsonDocument.Parse(manifest.StandardOutput))
        {
            CollectionAssert.AreEquivalent(
                new[] { "docker.io/library/consoleapp:1.0", "docker.io/library/consoleapp:latest" },
                manifestJson.RootElement[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).ToList());
        }

        var run = await KanikoTool.RunAsync("run", $"oci:{Path.Combine(container, "oci")}:latest");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!");
    }

    [TestMethod]
    public async Task Publish_Twice_GivesTheSameDigest_AndUnchangedIsNotBuiltAgain()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var sample = SampleProject.Copy("ConsoleApp");
        var baseImage = $"-p:ContainerBaseImage=oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}";

        var first = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", baseImage);
        File.SetLastWriteTimeUtc(sample.Combine("Program.cs"), DateTime.UtcNow);
        var second = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", baseImage);

        var third = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", baseImage);

        Assert.AreEqual(0, first.ExitCode, first.StandardOutput);
        Assert.AreEqual(0, second.ExitCode, second.StandardOutput);
        Assert.AreEqual(BuiltDigest().Match(first.StandardOutput).Groups[1].Value, BuiltDigest().Match(second.StandardOutput).Groups[1].Value);
        Assert.AreEqual(0, third.ExitCode, third.StandardOutput);
        var upToDate = UpToDateDigest().Match(third.StandardOutput);
        Assert.IsTrue(upToDate.Success, "nothing changed, so the image is not built again: " + third.StandardOutput);
        Assert.AreEqual(BuiltDigest().Match(first.StandardOutput).Groups[1].Value, upToDate.Groups[1].Value);
    }

    [TestMethod]
    public async Task GenerateDockerfile_Unchanged_IsSkipped_AndAChangedInputGeneratesAgain()
    {
        using var sample = SampleProject.Copy("ConsoleApp");
        string[] generate = ["-restore", "-t:Publish;KanikoGenerateDockerfile", "-v:n"];

        var first = await sample.DotnetAsync("msbuild", generate);
        var unchanged = await sample.DotnetAsync("msbuild", generate);
        var changed = await sample.DotnetAsync("msbuild", [.. generate, "-p:ContainerUser=1000"]);

        Assert.AreEqual(0, first.ExitCode, first.StandardOutput);
        const string Skipped = "Skipping target \"KanikoGenerateDockerfile\" because all output files are up-to-date";
        Assert.IsFalse(first.StandardOutput.Contains(Skipped, StringComparison.Ordinal), first.StandardOutput);
        Assert.AreEqual(0, unchanged.ExitCode, unchanged.StandardOutput);
        StringAssert.Contains(unchanged.StandardOutput, Skipped, "nothing changed, so the Dockerfile is not generated again");
        Assert.AreEqual(0, changed.ExitCode, changed.StandardOutput);
        Assert.IsFalse(changed.StandardOutput.Contains(Skipped, StringComparison.Ordinal), "ContainerUser changed: " + changed.StandardOutput);
        StringAssert.Contains(File.ReadAllText(Directory.GetFiles(sample.Combine("obj"), "Dockerfile", SearchOption.AllDirectories).Single()), "USER 1000");
    }

    [TestMethod]
    public async Task Publish_KanikoReproducibleFalse_WritesTheBuildsTime()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var sample = SampleProject.Copy("ConsoleApp");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", "-p:KanikoReproducible=false",
            $"-p:ContainerBaseImage=oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        var layout = sample.Combine("bin", "Release", "net10.0", "container", "oci");
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", $"oci:{layout}:latest"]);
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        var created = json.RootElement.GetProperty("created").GetDateTimeOffset();
        Assert.IsTrue(created >= before, $"created {created:O} is this build's time, not the epoch");
        var labels = json.RootElement.GetProperty("config").GetProperty("Labels");
        Assert.IsFalse(labels.TryGetProperty("org.opencontainers.image.base.name", out _), "a local OCI layout is no base name to publish");
    }

    [TestMethod]
    public async Task Publish_WithKanikoDockerfile_BuildsTheProjectsOwnDockerfileWithRunAndBuildArgs()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var sample = SampleProject.Copy("ConsoleApp");
        File.WriteAllText(sample.Combine("Container.Dockerfile"), """
            ARG BASE
            FROM ${BASE}
            ARG STAMP=none
            WORKDIR /app
            COPY . .
            RUN echo "stamped $STAMP by RUN" > /app/stamp.txt
            ENTRYPOINT ["dotnet", "ConsoleApp.dll"]
            """);

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            $"-p:KanikoDockerfile={sample.Combine("Container.Dockerfile")}",
            $"-p:KanikoBuildArgs=\"BASE=oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)};STAMP=v42\"");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        var layout = sample.Combine("bin", "Release", "net10.0", "container", "oci");
        using var temp = TemporaryDirectory.Create("kaniko-dockerfile");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:latest", temp.Combine("bundle")]);
        Assert.AreEqual("stamped v42 by RUN\n", File.ReadAllText(temp.Combine("bundle", "rootfs", "app", "stamp.txt")));
        var run = await KanikoTool.RunAsync("run", $"oci:{layout}:latest");
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!");
    }

    [TestMethod]
    public async Task Publish_WithKanikoCache_ReusesTheRunLayer_AndGivesTheSameDigest()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var sample = SampleProject.Copy("ConsoleApp");
        using var temp = TemporaryDirectory.Create("kaniko-cache-publish");
        File.WriteAllText(sample.Combine("Container.Dockerfile"), $"""
            FROM oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}
            WORKDIR /app
            COPY . .
            RUN date +%s%N > /app/built
            ENTRYPOINT ["dotnet", "ConsoleApp.dll"]
            """);
        string[] arguments = ["-c", "Release", "-p:KanikoPublish=true", "-p:KanikoIncremental=false", "-p:KanikoCache=true",
            $"-p:KanikoCacheDir={temp.Combine("cache")}", $"-p:KanikoDockerfile={sample.Combine("Container.Dockerfile")}"];
        var layout = sample.Combine("bin", "Release", "net10.0", "container", "oci");

        var first = await sample.DotnetAsync("publish", arguments);
        Assert.AreEqual(0, first.ExitCode, first.StandardOutput);
        var firstBuilt = await BuiltStampAsync(layout, temp.Combine("first"));
        var firstManifest = await RawManifestAsync(layout);
        var second = await sample.DotnetAsync("publish", arguments);
        Assert.AreEqual(0, second.ExitCode, second.StandardOutput);

        Assert.AreEqual(firstBuilt, await BuiltStampAsync(layout, temp.Combine("second")), "the RUN's layer came from the cache, not from running date again");
        Assert.AreEqual(firstManifest, await RawManifestAsync(layout), "the same manifest, so the same digest");
        Assert.IsTrue(Directory.EnumerateFiles(temp.Combine("cache", "layers", "blobs", "sha256")).Any(), "the layers are kept in KanikoCacheDir");
    }

    private static async Task<string> BuiltStampAsync(string layout, string bundle)
    {
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:latest", bundle]);
        return File.ReadAllText(Path.Combine(bundle, "rootfs", "app", "built"));
    }

    private static async Task<string> RawManifestAsync(string layout) =>
        (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", $"oci:{layout}:latest"])).StandardOutput;

    [TestMethod]
    [DataRow("-p:ContainerBaseImage=Not/A_Valid::Reference", "KANIKO1001")]
    [DataRow("-p:ContainerBaseImage=127.0.0.1:1/nothing/here:1.0", "KANIKO1102")]
    [DataRow("-p:KanikoDockerfile=/no/such/Dockerfile", "KANIKO4002")]
    [DataRow("-p:ContainerImageFormat=Zip", "KANIKO1202")]
    [DataRow("-p:ContainerRuntimeIdentifier=win-x64", "KANIKO1203")]
    public async Task Publish_BadInput_FailsWithOneCodedMSBuildErrorAndNoStackTrace(string property, string code)
    {
        using var sample = SampleProject.Copy("ConsoleApp");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", property, "-p:KanikoIncremental=false");

        Assert.AreNotEqual(0, publish.ExitCode);
        var errors = publish.StandardOutput.Split('\n').Where(line => line.Contains($"error {code}:", StringComparison.Ordinal)).Distinct().ToList();
        Assert.AreEqual(1, errors.Count, publish.StandardOutput);
        Assert.IsFalse(publish.StandardOutput.Contains("   at Kaniko.", StringComparison.Ordinal), "no stack trace: " + publish.StandardOutput);
    }

    [TestMethod]
    [DataRow("ConsoleApp", "", "mcr.microsoft.com/dotnet/runtime:10.0", "consoleapp")]
    [DataRow("WebApp", "", "mcr.microsoft.com/dotnet/aspnet:10.0", "webapp")]
    [DataRow("ConsoleApp", "-p:SelfContained=true -p:RuntimeIdentifier=linux-x64", "mcr.microsoft.com/dotnet/runtime-deps:10.0", "consoleapp")]
    [DataRow("WebApp", "-p:ContainerFamily=noble-chiseled", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", "webapp")]
    [DataRow("ConsoleApp", "-p:AssemblyName=My_Tool", "mcr.microsoft.com/dotnet/runtime:10.0", "my_tool")]
    public async Task Targets_DefaultBaseImageAndRepository_FollowTheSdk(string asset, string properties, string baseImage, string repository)
    {
        using var sample = SampleProject.Copy(asset);

        var evaluation = await sample.DotnetAsync("msbuild", ["-restore", "-t:_KanikoComputeSettings",
            "-getProperty:ContainerBaseImage", "-getProperty:ContainerRepository", .. properties.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        Assert.AreEqual(0, evaluation.ExitCode, evaluation.StandardOutput);
        using var json = JsonDocument.Parse(evaluation.StandardOutput);
        var evaluated = json.RootElement.GetProperty("Properties");
        Assert.AreEqual(baseImage, evaluated.GetProperty("ContainerBaseImage").GetString());
        Assert.AreEqual(repository, evaluated.GetProperty("ContainerRepository").GetString());
    }

    [GeneratedRegex(@"Kaniko built \S+ \((sha256:[0-9a-f]{64})\)")]
    internal static partial Regex BuiltDigest();

    [GeneratedRegex(@"Kaniko image is up to date: \S+ \((sha256:[0-9a-f]{64})\)")]
    private static partial Regex UpToDateDigest();
}
