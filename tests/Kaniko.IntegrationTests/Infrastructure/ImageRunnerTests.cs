using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Infrastructure;

[TestClass]
public sealed class ImageRunnerTests
{
    [TestMethod]
    public async Task Busybox_FromRegistry_EchoesHello()
    {
        await using var registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(registry, [BaseImage.Busybox]);

        var result = await ImageRunner.RunFromRegistryAsync(registry, BaseImages.RepositoryAndTag(BaseImage.Busybox), ["echo", "hello"]);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("hello\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Runtime_ListsTheNetCoreApp10Runtime()
    {
        var layout = await BaseImages.EnsureLayoutAsync();

        var result = await ImageRunner.RunFromLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.DotnetRuntime), ["dotnet", "--list-runtimes"]);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.IsTrue(result.StandardOutput.Contains("Microsoft.NETCore.App 10.0", StringComparison.Ordinal), result.StandardOutput);
    }

    [TestMethod]
    public async Task Busybox_RelaysTheExitCodeAndStandardError()
    {
        var layout = await BaseImages.EnsureLayoutAsync();

        var result = await ImageRunner.RunFromLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.Busybox), ["sh", "-c", "echo oops >&2; exit 7"]);

        Assert.AreEqual(7, result.ExitCode);
        Assert.AreEqual("oops\n", result.StandardError);
    }

    [TestMethod]
    public async Task Busybox_RunsAsPidOneWithItsOwnProcAndTheImageEnv()
    {
        var layout = await BaseImages.EnsureLayoutAsync();

        var result = await ImageRunner.RunFromLayoutAsync(
            layout, BaseImages.LayoutTag(BaseImage.Busybox), ["sh", "-c", "echo $$; echo $PATH; pwd; id -u; test -c /dev/null && echo devnull"]);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(
            new[] { "1", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "/", "0", "devnull" },
            lines);
    }

    [TestMethod]
    public async Task Busybox_WithoutOverride_RunsItsCmd()
    {
        var layout = await BaseImages.EnsureLayoutAsync();

        // Cmd is ["sh"]; with stdin at end-of-file the shell exits at once.
        var result = await ImageRunner.RunFromLayoutAsync(layout, BaseImages.LayoutTag(BaseImage.Busybox));

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
    }
}
