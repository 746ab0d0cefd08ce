using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Registries;

/// <summary>
/// docker-archive tars and OCI layouts as base images and as outputs, checked by the independent
/// tools: skopeo reads our archive, umoci unpacks and oci-image-tool validates our layout.
/// </summary>
[TestClass]
public sealed class ArchiveAndLayoutToolTests
{
    [TestMethod]
    public async Task Build_FromDockerArchive_WritesArchiveAndLayoutThatSkopeoUmociAndOciImageToolAccept()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("archive-from");
        var baseArchive = temp.Combine("busybox.tar");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.Busybox)}", $"docker-archive:{baseArchive}:example.test/busybox:1"]);
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"FROM docker-archive:{baseArchive}:example.test/busybox:1\nCOPY app/greeting.txt /greeting.txt\nCMD [\"cat\", \"/greeting.txt\"]\n");
        var layout = temp.Combine("oci");
        var archive = temp.Combine("image.tar");

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", "example.test/greeting:2.0", "--no-push", "--oci-layout-path", layout, "--tar-path", archive);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var copied = temp.Combine("copied");
        await ProcessRunner.RunAsync("skopeo", ["copy", "--quiet", $"docker-archive:{archive}", $"oci:{copied}:copied"]);
        var run = await KanikoTool.RunAsync("run", $"oci:{copied}:copied");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.AreEqual("hello from the build context", run.StandardOutput.Trim());

        var bundle = temp.Combine("bundle");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:2.0", bundle]);
        Assert.IsTrue(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")), "the base layers from the archive are there");
        Assert.AreEqual("hello from the build context\n", File.ReadAllText(Path.Combine(bundle, "rootfs", "greeting.txt")));
        var validation = await ProcessRunner.RunAsync("oci-image-tool", ["validate", "--type", "image", layout]);
        StringAssert.Contains(validation.StandardOutput + validation.StandardError, "Validation succeeded");
    }

    [TestMethod]
    public async Task DockerArchiveWeWrite_HasRepositoriesFile_AndIsReadBackAsABaseImage()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("archive-roundtrip");
        var first = temp.Combine("Dockerfile.first");
        File.WriteAllText(first, $"FROM oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\nCOPY app/greeting.txt /greeting.txt\n");
        var archive = temp.Combine("first.tar");
        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", first,
            "--destination", "example.test/first:1", "--no-push", "--tar-path", archive);
        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var listing = await ProcessRunner.RunAsync("tar", ["-xOf", archive, "repositories"]);
        using (var repositories = JsonDocument.Parse(listing.StandardOutput))
        {
            Assert.IsTrue(repositories.RootElement.GetProperty("example.test/first").TryGetProperty("1", out _), listing.StandardOutput);
        }

        var second = temp.Combine("Dockerfile.second");
        File.WriteAllText(second, $"FROM docker-archive:{archive}:example.test/first:1\nCOPY app/nested/file.txt /nested.txt\nCMD [\"cat\", \"/greeting.txt\", \"/nested.txt\"]\n");
        var layout = temp.Combine("oci");
        build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", second,
            "--destination", "example.test/second:1", "--no-push", "--oci-layout-path", layout);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var run = await KanikoTool.RunAsync("run", $"oci:{layout}:1");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.AreEqual("hello from the build context\nnested", run.StandardOutput.Trim());
    }
}
