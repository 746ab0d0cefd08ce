using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Infrastructure;

[TestClass]
public sealed class ImageRunnerConfigTests
{
    [TestMethod]
    public async Task Run_UsesTheImageUserAndWorkingDirectory()
    {
        using var work = TemporaryDirectory.Create("runner-config");
        var layout = Path.Combine(work.Path, "layout");
        await LayoutImageWriter.WriteAsync(
            layout, "app", BaseImage.Busybox, layerRoot: null, new ImageSettings(User: "app", WorkingDirectory: "/home/app", Env: ["GREETING=hi"]));

        var result = await ImageRunner.RunFromLayoutAsync(layout, "app", ["sh", "-c", "id -u; id -g; pwd; echo $GREETING"]);

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("1654\n1654\n/home/app\nhi\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Run_ScratchImageWithoutShell_RunsEntrypointWithCmd_AndOverrideReplacesOnlyCmd()
    {
        using var work = TemporaryDirectory.Create("runner-config");
        var root = Directory.CreateDirectory(Path.Combine(work.Path, "root")).FullName;
        File.Copy("/bin/busybox", Path.Combine(root, "echo"));
        var layout = Path.Combine(work.Path, "layout");
        // busybox picks the applet from argv[0], so /echo behaves as echo; the image has nothing else.
        await LayoutImageWriter.WriteAsync(layout, "scratch", from: null, root, new ImageSettings(Entrypoint: ["/echo", "from"], Cmd: ["scratch"]));

        var asConfigured = await ImageRunner.RunFromLayoutAsync(layout, "scratch");
        var overridden = await ImageRunner.RunFromLayoutAsync(layout, "scratch", ["override"]);

        Assert.AreEqual("from scratch\n", asConfigured.StandardOutput, asConfigured.StandardError);
        Assert.AreEqual("from override\n", overridden.StandardOutput, overridden.StandardError);
    }
}
