using System.Net;
using System.Net.Sockets;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// Apps published with <c>-p:KanikoPublish=true</c> onto the base the SDK would infer (mcr.microsoft.com,
/// mapped to the test registry with KanikoRegistryMaps), pushed, then run with <c>dotnet kaniko run</c>.
/// </summary>
[TestClass]
public sealed class PublishedAppRunTests
{
    [TestMethod]
    public async Task Publish_WebApp_OnTheInferredAspNetBase_ListensAndAnswersUnderKanikoRun()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetAspnet]);
        using var sample = SampleProject.Copy("WebApp");
        using var cache = TemporaryDirectory.Create("publish-cache");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            $"-p:ContainerRegistry={registry.Host}",
            $"-p:KanikoRegistryMaps=mcr.microsoft.com={registry.Host}",
            $"-p:KanikoCacheDir={cache.Path}",
            "-p:ContainerRepository=samples/web");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        // KanikoCacheDir: the pulled base is kept in the cache's OCI layout for the next build.
        StringAssert.Contains(File.ReadAllText(cache.Combine("images", "index.json")), "aspnet:10.0");
        using (var config = await Skopeo.InspectAsync(registry, "samples/web:latest", config: true))
        {
            Assert.AreEqual("mcr.microsoft.com/dotnet/aspnet:10.0",
                config.RootElement.GetProperty("config").GetProperty("Labels").GetProperty("org.opencontainers.image.base.name").GetString());
        }

        // kaniko run shares the host's network, as RUN does, so the app's port is the host's.
        var port = FreeLoopbackPort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        using (var run = KanikoProcess.Start(new Dictionary<string, string>(), "run", "-e", $"ASPNETCORE_HTTP_PORTS={port}", $"{registry.Host}/samples/web:latest"))
        {
            var body = await run.GetWhenListeningAsync(url, TimeSpan.FromMinutes(2));
            Assert.AreEqual("Hello from a Kaniko-built web image!", body, run.Output);
            StringAssert.Contains(run.Output, "Now listening on", "ASP.NET Core's own log reaches the tool's output");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => http.GetStringAsync(url), "stopping the run stops the app");
    }

    [TestMethod]
    public async Task Publish_SelfContainedApp_OnTheInferredRuntimeDepsBase_RunsItsApphost_WithFilesOwnedByTheUser()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntimeDeps]);
        using var sample = SampleProject.Copy("ConsoleApp");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            "-p:SelfContained=true", "-p:RuntimeIdentifier=linux-x64",
            $"-p:ContainerRegistry={registry.Host}",
            $"-p:KanikoRegistryMaps=mcr.microsoft.com={registry.Host}",
            "-p:ContainerRepository=samples/self-contained",
            "-p:KanikoFilesOwnedByUser=true");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        using (var image = await Skopeo.InspectAsync(registry, "samples/self-contained:latest", config: true))
        {
            var config = image.RootElement.GetProperty("config");
            Assert.AreEqual("mcr.microsoft.com/dotnet/runtime-deps:10.0", config.GetProperty("Labels").GetProperty("org.opencontainers.image.base.name").GetString());
            CollectionAssert.AreEqual(new[] { "/app/ConsoleApp" }, config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()).ToList(),
                "the SDK runs a self-contained app's apphost");
        }

        // Owned by ContainerUser (the base's APP_UID) as asked; 0755 for the apphost and native libraries,
        // 0644 for the rest, whatever NuGet's extraction (0744) and the umask left.
        var files = (await PushedLayers.ReadAsync(registry, "samples/self-contained:latest"))
            .SelectMany(layer => layer.Entries).Where(entry => entry.Name.StartsWith("app/", StringComparison.Ordinal) && !entry.IsDirectory)
            .ToDictionary(entry => entry.Name);
        Assert.IsTrue(files.Values.All(entry => entry.Uid == 1654 && entry.Gid == 1654), string.Join(", ", files.Values.Where(e => e.Uid != 1654 || e.Gid != 1654)));
        foreach (var executable in new[] { "app/ConsoleApp", "app/libcoreclr.so", "app/libSystem.Native.so", "app/createdump" })
        {
            Assert.AreEqual((UnixFileMode)0b111_101_101, files[executable].Mode, executable);
        }

        foreach (var regular in new[] { "app/ConsoleApp.dll", "app/System.Private.CoreLib.dll", "app/ConsoleApp.deps.json" })
        {
            Assert.AreEqual((UnixFileMode)0b110_100_100, files[regular].Mode, regular);
        }

        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/samples/self-contained:latest");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image! .NET 10.0");
        var noDotnet = await KanikoTool.RunAsync("run", $"{registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntimeDeps)}", "--", "sh", "-c", "command -v dotnet || echo none");
        Assert.AreEqual("none\n", noDotnet.StandardOutput, "the base has no runtime: the app brought its own");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
