using System.Runtime.Versioning;
using System.Text.Json;
using Kaniko.Engine.Layers;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Layers;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class CompressionFlagTests
{
    [TestMethod]
    [DataRow("zstd", "19", "application/vnd.oci.image.layer.v1.tar+zstd")]
    [DataRow("none", null, "application/vnd.oci.image.layer.v1.tar")]
    [DataRow("gzip", "9", "application/vnd.oci.image.layer.v1.tar+gzip")]
    public async Task Build_WithCompressionFlag_WritesLayersOfThatMediaType(string compression, string? level, string mediaType)
    {
        using var temp = TemporaryDirectory.Create("compression");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, "FROM scratch\nCOPY app/greeting.txt /greeting.txt\n");
        var layout = temp.Combine("oci");
        string[] levelArguments = level is null ? [] : ["--compression-level", level];

        var build = await KanikoTool.RunAsync([
            "build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", "example.test/compressed:1", "--no-push", "--oci-layout-path", layout,
            "--compression", compression, .. levelArguments]);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var inspected = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", $"oci:{layout}:1"]);
        using var manifest = JsonDocument.Parse(inspected.StandardOutput);
        var layer = manifest.RootElement.GetProperty("layers").EnumerateArray().Single();
        Assert.AreEqual(mediaType, layer.GetProperty("mediaType").GetString());
        var blob = Path.Combine(layout, "blobs", "sha256", layer.GetProperty("digest").GetString()!["sha256:".Length..]);
        var root = temp.Combine("root");
        var stream = File.OpenRead(blob);
        await using (stream)
        {
            await LayerExtractor.ExtractAsync(stream, root);
        }

        Assert.AreEqual(
            File.ReadAllText(Path.Combine(KanikoTool.ContextFor("all-instructions"), "app/greeting.txt")),
            File.ReadAllText(Path.Combine(root, "greeting.txt")));
    }
}
