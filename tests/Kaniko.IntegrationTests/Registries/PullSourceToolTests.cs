using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Registries;

/// <summary>Which image a build pulls: the platform from an index (--custom-platform), mirrors and registry maps.</summary>
[TestClass]
public sealed class PullSourceToolTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Build_WithCustomPlatform_PicksItFromAnIndex_AndFailsClearlyWhenTheIndexLacksIt()
    {
        await using var registry = await RegistryServer.StartAsync();
        await TwoPlatformImage.PushBusyboxAsync(registry, "multi/busybox:1", TestContext.CancellationToken);
        using var temp = TemporaryDirectory.Create("custom-platform");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"FROM {registry.Host}/multi/busybox:1\nCOPY app/greeting.txt /greeting.txt\n");

        var arm = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", $"{registry.Host}/out/arm:1", "--custom-platform", "linux/arm64");
        var absent = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", $"{registry.Host}/out/s390x:1", "--custom-platform", "linux/s390x");

        Assert.AreEqual(0, arm.ExitCode, arm.StandardError);
        using var config = await Skopeo.InspectAsync(registry, "out/arm:1", config: true);
        Assert.AreEqual("arm64", config.RootElement.GetProperty("architecture").GetString());
        Assert.AreEqual(1, absent.ExitCode);
        StringAssert.Contains(absent.StandardError, "error KANIKO1104");
        StringAssert.Contains(absent.StandardError, "linux/s390x");
        StringAssert.Contains(absent.StandardError, "linux/arm64/v8");
    }

    [TestMethod]
    public async Task Build_FromDockerHubName_WithRegistryMirror_PullsFromTheMirror()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        await using var mirror = await RegistryServer.StartAsync();
        await using var destination = await RegistryServer.StartAsync();
        await Skopeo.CopyFromOciLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.Busybox), mirror, "library/busybox:latest", "v2s2");
        using var temp = TemporaryDirectory.Create("mirror");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, "FROM busybox\nCOPY app/greeting.txt /greeting.txt\nCMD [\"cat\", \"/greeting.txt\"]\n");

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--destination", $"{destination.Host}/app/mirrored:1", "--registry-mirror", mirror.Host);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var run = await ImageRunner.RunFromRegistryAsync(destination, "app/mirrored:1");
        Assert.AreEqual("hello from the build context", run.StandardOutput.Trim());
    }

    [TestMethod]
    public async Task Build_WithRegistryMap_PullsTheBaseFromTheMappedRegistry()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        await using var mapped = await RegistryServer.StartAsync();
        await Skopeo.CopyFromOciLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.Busybox), mapped, "team/busybox:1", "oci");
        using var temp = TemporaryDirectory.Create("registry-map");
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, "FROM registry.invalid/team/busybox:1\nCOPY app/greeting.txt /greeting.txt\n");
        var output = temp.Combine("oci");

        var build = await KanikoTool.RunAsync("build", "--context", KanikoTool.ContextFor("all-instructions"), "--dockerfile", dockerfile,
            "--no-push", "--oci-layout-path", output, "--registry-map", $"registry.invalid={mapped.Host}");

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        var run = await ImageRunner.RunFromLayoutAsync(output, "latest");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
    }
}
