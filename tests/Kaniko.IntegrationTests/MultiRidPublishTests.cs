using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary><c>ContainerRuntimeIdentifiers</c>: one image per RID, tagged as the SDK tags them, and an index over them.</summary>
[TestClass]
public sealed class MultiRidPublishTests
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";

    [TestMethod]
    public async Task Publish_TwoRuntimeIdentifiers_PushesAnImagePerRidAndAnIndexUnderTheTag()
    {
        await using var registry = await RegistryServer.StartAsync();
        await PushTwoPlatformRuntimeAsync(registry, "multi/runtime", "10.0");
        using var sample = SampleProject.Copy("ConsoleApp");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            // Restore needs the RIDs in RuntimeIdentifiers, as for the SDK's own multi-RID containers.
            "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"",
            "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"",
            $"-p:ContainerRegistry={registry.Host}",
            $"-p:ContainerBaseImage={registry.Host}/multi/runtime:10.0",
            "-p:ContainerRepository=samples/multi",
            "-p:ContainerImageTag=1.0");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        StringAssert.Contains(publish.StandardOutput, "Kaniko pushed the image index");
        using var http = new HttpClient(registry.CreateHttpMessageHandler());
        using (var tags = JsonDocument.Parse(await http.GetStringAsync(new Uri(registry.BaseUri, "v2/samples/multi/tags/list"))))
        {
            CollectionAssert.AreEquivalent(new[] { "1.0", "1.0-linux-x64", "1.0-linux-arm64" },
                tags.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList());
        }

        using var index = await Skopeo.InspectAsync(registry, "samples/multi:1.0", raw: true);
        Assert.AreEqual(OciIndex, index.RootElement.GetProperty("mediaType").GetString());
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray()
            .ToDictionary(m => m.GetProperty("platform").GetProperty("architecture").GetString()!, m => m.GetProperty("digest").GetString());
        CollectionAssert.AreEquivalent(new[] { "amd64", "arm64" }, entries.Keys.ToList());
        // ELF e_machine of each image's apphost: x86-64 (62) and AArch64 (183), so each RID was published for itself.
        foreach (var (architecture, rid, machine) in new[] { ("amd64", "linux-x64", 62), ("arm64", "linux-arm64", 183) })
        {
            using var unpacked = TemporaryDirectory.Create("multi-rid-" + rid);
            await Skopeo.CopyToOciLayoutAsync(registry, $"samples/multi:1.0-{rid}", unpacked.Combine("oci"), rid);
            await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{unpacked.Combine("oci")}:{rid}", unpacked.Combine("bundle")]);
            var apphost = File.ReadAllBytes(unpacked.Combine("bundle", "rootfs", "app", "ConsoleApp"));
            Assert.AreEqual(machine, BitConverter.ToUInt16(apphost, 18), $"the {rid} apphost");

            var (_, digest) = await ManifestAsync(http, registry, "samples/multi", $"1.0-{rid}");
            Assert.AreEqual(digest, entries[architecture], $"the index names the {rid} image");
            using var config = await Skopeo.InspectAsync(registry, $"samples/multi:1.0-{rid}", config: true);
            Assert.AreEqual(architecture, config.RootElement.GetProperty("architecture").GetString());
        }

        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/samples/multi:1.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!", "the host's platform is picked from the index");
    }

    [TestMethod]
    public async Task Publish_TwoRuntimeIdentifiers_ToAnArchivePath_WritesAnIndexArchive_AndOneArchivePerRid()
    {
        await using var registry = await RegistryServer.StartAsync();
        await PushTwoPlatformRuntimeAsync(registry, "multi/runtime", "10.0");
        using var sample = SampleProject.Copy("ConsoleApp");
        using var output = TemporaryDirectory.Create("multi-rid-archives");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true",
            "-p:RuntimeIdentifiers=\"linux-x64;linux-arm64\"",
            $"-p:ContainerBaseImage={registry.Host}/multi/runtime:10.0",
            $"-p:ContainerArchiveOutputPath={output.Combine("app.tar.gz")}",
            "-p:ContainerImageTag=1.0");

        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        CollectionAssert.AreEquivalent(new[] { "app.tar.gz", "app-linux-arm64.tar.gz", "app-linux-x64.tar.gz" },
            Directory.GetFiles(output.Path).Select(Path.GetFileName).ToList(), "the index archive, and each RID its own archive, none over another");
        var indexArchive = output.Combine("app.tar.gz");
        var rawIndex = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", $"oci-archive:{indexArchive}:1.0"]);
        using (var index = JsonDocument.Parse(rawIndex.StandardOutput))
        {
            CollectionAssert.AreEquivalent(new[] { "amd64", "arm64" },
                index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("platform").GetProperty("architecture").GetString()).ToList());
        }

        var armConfig = await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", "--override-arch", "arm64", $"oci-archive:{indexArchive}:1.0"]);
        using (var config = JsonDocument.Parse(armConfig.StandardOutput))
        {
            Assert.AreEqual("arm64", config.RootElement.GetProperty("architecture").GetString());
        }

        var unpacked = output.Combine("unpacked");
        Directory.CreateDirectory(unpacked);
        await ProcessRunner.RunAsync("tar", ["-xf", indexArchive, "-C", unpacked]);
        var run = await KanikoTool.RunAsync("run", $"oci:{unpacked}:1.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!", "the host's platform is picked from the archive's index");
        foreach (var (architecture, rid) in new[] { ("amd64", "linux-x64"), ("arm64", "linux-arm64") })
        {
            var archive = output.Combine($"app-{rid}.tar.gz");
            var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", $"docker-archive:{archive}"]);
            using var config = JsonDocument.Parse(inspect.StandardOutput);
            Assert.AreEqual(architecture, config.RootElement.GetProperty("architecture").GetString());
            var manifest = await ProcessRunner.RunAsync("tar", ["-xOf", archive, "manifest.json"]);
            StringAssert.Contains(manifest.StandardOutput, $"consoleapp:1.0-{rid}");
        }
    }

    /// <summary>
    /// The test runtime image for linux/amd64 and, made with umoci from the same layers, a linux/arm64
    /// one (not runnable here; enough to be picked by platform), under one OCI index.
    /// </summary>
    private static async Task PushTwoPlatformRuntimeAsync(RegistryServer registry, string repository, string tag)
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("two-platforms");
        var copy = temp.Combine("oci");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"oci:{layout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}", $"oci:{copy}:amd64"]);
        await ProcessRunner.RunAsync("umoci", ["tag", "--image", $"{copy}:amd64", "arm64"]);
        await ProcessRunner.RunAsync("umoci", ["config", "--image", $"{copy}:arm64", "--no-history", "--architecture", "arm64"]);
        var manifests = new List<string>();
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            await Skopeo.CopyFromOciLayoutAsync(copy, architecture, registry, $"{repository}:{architecture}", "oci");
            using var http = new HttpClient(registry.CreateHttpMessageHandler());
            var (bytes, digest) = await ManifestAsync(http, registry, repository, architecture);
            manifests.Add($$$"""{"mediaType":"{{{OciManifest}}}","digest":"{{{digest}}}","size":{{{bytes.Length}}},"platform":{"architecture":"{{{architecture}}}","os":"linux"}}""");
        }

        using var client = new HttpClient(registry.CreateHttpMessageHandler());
        using var content = new StringContent($$"""{"schemaVersion":2,"mediaType":"{{OciIndex}}","manifests":[{{string.Join(',', manifests)}}]}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(OciIndex);
        using var put = await client.PutAsync(new Uri(registry.BaseUri, $"v2/{repository}/manifests/{tag}"), content);
        Assert.IsTrue(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    private static async Task<(byte[] Bytes, string Digest)> ManifestAsync(HttpClient http, RegistryServer registry, string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(registry.BaseUri, $"v2/{repository}/manifests/{reference}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciManifest));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (bytes, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
