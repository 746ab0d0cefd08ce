using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

[TestClass]
public sealed class DockerfileBuildTests
{
    [TestMethod]
    public async Task Build_AllInstructions_PushesImageWithConfigAndFiles()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        using var temp = TemporaryDirectory.Create("it");
        var dockerfile = KanikoTool.DockerfileFor("all-instructions", registry.Host, temp);
        var digestFile = temp.Combine("digest");

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"),
            "--dockerfile", dockerfile, "--destination", $"{registry.Host}/tests/all:1.0", "--digest-file", digestFile);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        using var inspect = await Skopeo.InspectAsync(registry, "tests/all:1.0");
        Assert.AreEqual(File.ReadAllText(digestFile), inspect.RootElement.GetProperty("Digest").GetString());
        using var configDocument = await Skopeo.InspectAsync(registry, "tests/all:1.0", config: true);
        var config = configDocument.RootElement.GetProperty("config");
        var env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        CollectionAssert.Contains(env, "GREETING=hello world");
        CollectionAssert.Contains(env, "APP_HOME=/srv/app");
        CollectionAssert.Contains(env, "LEGACY=legacy value");
        Assert.IsTrue(env.Any(e => e!.StartsWith("PATH=", StringComparison.Ordinal)), "the base image's PATH is kept");
        Assert.AreEqual("/srv/app", config.GetProperty("WorkingDir").GetString());
        Assert.AreEqual("app", config.GetProperty("User").GetString());
        CollectionAssert.AreEquivalent(new[] { "8080/tcp", "9090/udp" }, config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).ToList());
        Assert.AreEqual("All instructions", config.GetProperty("Labels").GetProperty("org.example.title").GetString());
        Assert.AreEqual("/srv/app", config.GetProperty("Labels").GetProperty("org.example.home").GetString());
        CollectionAssert.AreEqual(new[] { "/bin/sh", "-c" }, Strings(config.GetProperty("Entrypoint")));
        CollectionAssert.AreEqual(new[] { "echo \"$GREETING from $(pwd) as $(id -u)\"" }, Strings(config.GetProperty("Cmd")));
        var history = configDocument.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.IsTrue(history.Any(h => h.GetProperty("created_by").GetString()!.StartsWith("COPY app/ ./", StringComparison.Ordinal)));

        var run = await KanikoTool.RunAsync("run", $"{registry.Host}/tests/all:1.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.AreEqual("hello world from /srv/app as 1654", run.StandardOutput.Trim());
    }

    [TestMethod]
    public async Task Build_AllInstructions_WritesFilesWithOwnersAndModes()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);
        using var temp = TemporaryDirectory.Create("it");
        var dockerfile = KanikoTool.DockerfileFor("all-instructions", registry.Host, temp);

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"),
            "--dockerfile", dockerfile, "--destination", $"{registry.Host}/tests/files:1.0");
        Assert.AreEqual(0, build.ExitCode, build.StandardError);

        var layout = temp.Combine("layout");
        await Skopeo.CopyToOciLayoutAsync(registry, "tests/files:1.0", layout, "files");
        var bundle = temp.Combine("bundle");
        await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layout}:files", bundle]);
        var rootfs = Path.Combine(bundle, "rootfs");

        Assert.AreEqual("hello from the build context\n", File.ReadAllText(Path.Combine(rootfs, "srv/app/greeting.txt")));
        Assert.AreEqual("nested\n", File.ReadAllText(Path.Combine(rootfs, "srv/app/nested/file.txt")));
        Assert.AreEqual((UnixFileMode)Convert.ToInt32("755", 8), File.GetUnixFileMode(Path.Combine(rootfs, "srv/app/run.sh")));
        var owned = Path.Combine(rootfs, "srv/owned/greeting.txt");
        Assert.AreEqual((UnixFileMode)Convert.ToInt32("640", 8), File.GetUnixFileMode(owned));
        var status = Kaniko.Engine.Filesystem.FileStatus.Read(owned);
        Assert.AreEqual((1654, 1654), (status.Uid, status.Gid));
        var copied = Kaniko.Engine.Filesystem.FileStatus.Read(Path.Combine(rootfs, "srv/app/run.sh"));
        Assert.AreEqual((0, 0), (copied.Uid, copied.Gid), "COPY without --chown gives files to root");
        Assert.IsTrue(File.Exists(Path.Combine(rootfs, "bin/busybox")), "the base image's files are there too");
    }

    [TestMethod]
    public async Task Build_FromOciLayout_WritesLayoutAndDockerArchiveThatSkopeoReads()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        using var temp = TemporaryDirectory.Create("it");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"FROM oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\nCOPY app/greeting.txt /greeting.txt\nCMD [\"cat\", \"/greeting.txt\"]\n");
        var layout = temp.Combine("oci");
        var archive = temp.Combine("image.tar");

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", "example.test/greeting:2.0", "--no-push", "--oci-layout-path", layout, "--tar-path", archive);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var fromLayout = await ProcessRunner.RunAsync("skopeo", ["inspect", $"oci:{layout}:2.0"]);
        var fromArchive = await ProcessRunner.RunAsync("skopeo", ["inspect", $"docker-archive:{archive}"]);
        using var layoutJson = JsonDocument.Parse(fromLayout.StandardOutput);
        using var archiveJson = JsonDocument.Parse(fromArchive.StandardOutput);
        Assert.AreEqual(
            layoutJson.RootElement.GetProperty("Layers").GetArrayLength(),
            archiveJson.RootElement.GetProperty("Layers").GetArrayLength());
        var run = await KanikoTool.RunAsync("run", $"oci:{layout}:2.0");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        Assert.AreEqual("hello from the build context", run.StandardOutput.Trim());
    }

    private static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToList();
}
