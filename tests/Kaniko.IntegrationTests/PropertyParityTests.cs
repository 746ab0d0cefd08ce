using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// The .NET SDK's container properties, set together on one publish where they do not interfere,
/// checked in the pushed manifest, config and tags the way the SDK documents them.
/// </summary>
[TestClass]
public sealed class PropertyParityTests
{
    private const string DockerConfigMediaType = "application/vnd.docker.container.image.v1+json";
    private const string DockerLayerMediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    [TestMethod]
    public async Task Publish_SdkProperties_ShapeTheTagsManifestAndConfig_AsTheSdkDocumentsThem()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.DotnetRuntime]);
        using var sample = SampleProject.Copy("ConsoleApp");
        File.WriteAllText(sample.Combine("Directory.Build.props"), """
            <Project>
              <ItemGroup>
                <ContainerPort Include="8080" Type="tcp" />
                <ContainerPort Include="5353" Type="udp" />
                <ContainerEnvironmentVariable Include="APP_MODE" Value="a;b $HOME" />
                <ContainerLabel Include="org.example.team" Value="platform" />
                <ContainerLabel Include="org.opencontainers.image.authors" Value="team@example.test" />
                <ContainerAppCommandArgs Include="--from-app-args" />
                <ContainerDefaultArgs Include="default-arg" />
              </ItemGroup>
            </Project>
            """);
        var baseImage = $"{registry.Host}/{BaseImages.RepositoryAndTag(BaseImage.DotnetRuntime)}";

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            $"-p:ContainerRegistry={registry.Host}",
            "-p:ContainerRepository=parity/console",
            "-p:ContainerImageTag=not-this-one",
            "-p:ContainerImageTags=\"1.2.3;stable\"",
            $"-p:ContainerBaseImage={baseImage}",
            "-p:ContainerImageFormat=Docker",
            "-p:ContainerRuntimeIdentifier=linux-x64",
            "-p:ContainerWorkingDirectory=/srv/app/",
            "-p:ContainerUser=1234",
            "-p:Version=1.2.3",
            "-p:Description=Parity sample",
            "-p:Authors=Kaniko tests",
            "-p:Title=Parity");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        // ContainerImageTags wins over ContainerImageTag; both tags name one image.
        CollectionAssert.AreEquivalent(new[] { "1.2.3", "stable" }, await TagsAsync(registry, "parity/console"));
        using var manifest = await Skopeo.InspectAsync(registry, "parity/console:stable", raw: true);
        using var other = await Skopeo.InspectAsync(registry, "parity/console:1.2.3", raw: true);
        Assert.AreEqual(manifest.RootElement.GetRawText(), other.RootElement.GetRawText());
        // ContainerImageFormat=Docker turns the OCI base into Docker media types throughout.
        Assert.AreEqual("application/vnd.docker.distribution.manifest.v2+json", manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.AreEqual(DockerConfigMediaType, manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.IsTrue(manifest.RootElement.GetProperty("layers").EnumerateArray().All(l => l.GetProperty("mediaType").GetString() == DockerLayerMediaType));

        using var image = await Skopeo.InspectAsync(registry, "parity/console:stable", config: true);
        Assert.AreEqual("linux", image.RootElement.GetProperty("os").GetString());
        Assert.AreEqual("amd64", image.RootElement.GetProperty("architecture").GetString(), "ContainerRuntimeIdentifier linux-x64");
        var config = image.RootElement.GetProperty("config");
        Assert.AreEqual("1234", config.GetProperty("User").GetString());
        Assert.AreEqual("/srv/app", config.GetProperty("WorkingDir").GetString()!.TrimEnd('/'));
        CollectionAssert.AreEquivalent(new[] { "8080/tcp", "5353/udp" }, config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).ToList());
        CollectionAssert.Contains(Strings(config.GetProperty("Env")), "APP_MODE=a;b $HOME", "values are taken literally");
        // The SDK's default command names the app by full path under the working directory; the args follow it.
        CollectionAssert.AreEqual(new[] { "dotnet", "/srv/app/ConsoleApp.dll", "--from-app-args" }, Strings(config.GetProperty("Entrypoint")));
        CollectionAssert.AreEqual(new[] { "default-arg" }, Strings(config.GetProperty("Cmd")));
        var labels = config.GetProperty("Labels");
        Assert.AreEqual("platform", labels.GetProperty("org.example.team").GetString());
        Assert.AreEqual("1.2.3", labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.AreEqual("Parity sample", labels.GetProperty("org.opencontainers.image.description").GetString());
        Assert.AreEqual("team@example.test", labels.GetProperty("org.opencontainers.image.authors").GetString(), "the project's own label wins over the generated one");
        Assert.IsFalse(labels.TryGetProperty("org.opencontainers.image.created", out _), "no time stamp: the image stays reproducible");
        Assert.AreEqual("Parity", labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.AreEqual(baseImage, labels.GetProperty("org.opencontainers.image.base.name").GetString());

        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/parity/console:stable");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Working directory: /srv/app");
    }

    [TestMethod]
    public async Task Publish_OciFormatFromADockerBase_ThenAnArchivePath_WritesTheArchiveInsteadOfPushing()
    {
        await using var registry = await RegistryServer.StartAsync();
        var layout = await BaseImages.EnsureLayoutAsync();
        await Skopeo.CopyFromOciLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.DotnetRuntime), registry, "docker-format/runtime:10.0", "v2s2");
        using var sample = SampleProject.Copy("ConsoleApp");
        string[] common =
        [
            "-c", "Release", "-p:KanikoPublish=true",
            $"-p:ContainerRegistry={registry.Host}",
            "-p:ContainerRepository=parity/instruction",
            $"-p:ContainerBaseImage={registry.Host}/docker-format/runtime:10.0",
            "-p:ContainerAppCommandInstruction=DefaultArgs",
        ];

        var pushed = await sample.DotnetAsync("publish", [.. common, "-p:ContainerImageFormat=OCI", "-p:ContainerImageTag=pushed"]);

        Assert.AreEqual(0, pushed.ExitCode, pushed.StandardOutput);
        using var manifest = await Skopeo.InspectAsync(registry, "parity/instruction:pushed", raw: true);
        Assert.AreEqual("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.AreEqual("application/vnd.oci.image.config.v1+json", manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        using (var image = await Skopeo.InspectAsync(registry, "parity/instruction:pushed", config: true))
        {
            var config = image.RootElement.GetProperty("config");
            Assert.IsFalse(config.TryGetProperty("Entrypoint", out var entrypoint) && entrypoint.ValueKind == JsonValueKind.Array && entrypoint.GetArrayLength() > 0,
                "DefaultArgs puts the command in Cmd, none in Entrypoint");
            CollectionAssert.AreEqual(new[] { "dotnet", "/app/ConsoleApp.dll" }, Strings(config.GetProperty("Cmd")));
        }

        // An archive path wins over the registry, as the SDK's; a folder gets <repository>.tar.gz in it.
        using var output = TemporaryDirectory.Create("parity-archive");
        var archived = await sample.DotnetAsync("publish", [.. common, "-p:ContainerImageTag=archived", $"-p:ContainerArchiveOutputPath={output.Path}/"]);

        Assert.AreEqual(0, archived.ExitCode, archived.StandardOutput);
        CollectionAssert.AreEquivalent(new[] { "pushed" }, await TagsAsync(registry, "parity/instruction"), "nothing is pushed when an archive is asked for");
        var archive = output.Combine("parity", "instruction.tar.gz");
        Assert.IsTrue(File.Exists(archive), "the archive is named after the repository: " + string.Join(", ", Directory.EnumerateFiles(output.Path, "*", SearchOption.AllDirectories)));
        var listing = await ProcessRunner.RunAsync("tar", ["-xOf", archive, "manifest.json"]);
        using (var archiveManifest = JsonDocument.Parse(listing.StandardOutput))
        {
            // docker load reads the name as docker.io/parity/instruction:archived either way.
            var tag = Strings(archiveManifest.RootElement[0].GetProperty("RepoTags")).Single();
            Assert.IsTrue(tag is "parity/instruction:archived" or "docker.io/parity/instruction:archived", tag);
        }

        using var copy = TemporaryDirectory.Create("parity-archive-copy");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"docker-archive:{archive}", $"oci:{copy.Path}:archived"]);
        var run = await KanikoTool.RunAsync("run", $"oci:{copy.Path}:archived");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!");
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static async Task<List<string>> TagsAsync(RegistryServer registry, string repository)
    {
        using var http = new HttpClient(registry.CreateHttpMessageHandler());
        using var tags = JsonDocument.Parse(await http.GetStringAsync(new Uri(registry.BaseUri, $"v2/{repository}/tags/list")));
        return Strings(tags.RootElement.GetProperty("tags"));
    }
}
