using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary><c>dotnet kaniko run</c> runs an image from the registry or an OCI layout, forwarding its output and exit code.</summary>
[TestClass]
public sealed class RunToolTests
{
    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static async Task StartRegistryAsync(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox, BaseImage.DotnetRuntime]);
    }

    [ClassCleanup]
    public static async Task StopRegistryAsync() => await s_registry.DisposeAsync();

    [TestMethod]
    public async Task Run_ExitCode_IsTheCommands()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/busybox:latest", "--", "sh", "-c", "echo out; echo err >&2; exit 7");

        Assert.AreEqual(7, result.ExitCode, result.StandardError);
        Assert.AreEqual("out\n", result.StandardOutput);
        StringAssert.Contains(result.StandardError, "err");
    }

    [TestMethod]
    public async Task Run_EnvFlag_OverridesAndAddsToTheImagesEnv()
    {
        var result = await KanikoTool.RunAsync("run", "-e", "GREETING=hi there", "-e", "PATH=/bin", $"{s_registry.Host}/busybox:latest", "--", "sh", "-c", "echo \"$GREETING|$PATH|$(id -u)|$(pwd)|$(hostname)\"");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("hi there|/bin|0|/|kaniko\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Run_DotnetRuntimeImage_ListsItsRuntime()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/dotnet/runtime:10.0", "--", "dotnet", "--list-runtimes");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardOutput, "Microsoft.NETCore.App 10.0");
    }

    [TestMethod]
    public async Task Run_OciLayout_RunsTheTaggedImage()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var result = await KanikoTool.RunAsync("run", $"oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}", "--", "sh", "-c", "echo from-layout");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("from-layout\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Run_MissingImage_ExitsWithKanikosCode()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/no/such:image", "--", "true");

        Assert.AreEqual(125, result.ExitCode);
        StringAssert.Contains(result.StandardError, "error KANIKO");
    }
}
