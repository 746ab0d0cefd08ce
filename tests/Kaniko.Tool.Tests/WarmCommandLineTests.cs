namespace Kaniko.Tool.Tests;

[TestClass]
public sealed class WarmCommandLineTests
{
    [TestMethod]
    public async Task Help_ListsTheWarmFlags()
    {
        var (exitCode, output, _) = await ToolProcess.RunAsync("warm", "--help");

        Assert.AreEqual(0, exitCode);
        foreach (var flag in new[] { "--image", "--dockerfile", "--build-arg", "--cache-dir", "--cache-ttl", "--force", "--custom-platform", "--insecure-registry", "--registry-map" })
        {
            StringAssert.Contains(output, flag);
        }
    }

    [TestMethod]
    public async Task Build_Help_ListsCacheDirAndOffline()
    {
        var (exitCode, output, _) = await ToolProcess.RunAsync("build", "--help");

        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(output, "--cache-dir");
        StringAssert.Contains(output, "--offline");
    }

    [TestMethod]
    public async Task Warm_WithoutCacheDir_IsAUsageError()
    {
        var (exitCode, _, error) = await ToolProcess.RunAsync("warm", "--image", "busybox");

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(error, "--cache-dir");
    }

    [TestMethod]
    public async Task Warm_WithABadCacheTtl_IsAUsageErrorNamingIt()
    {
        var (exitCode, _, error) = await ToolProcess.RunAsync("warm", "--image", "busybox", "--cache-dir", Path.GetTempPath(), "--cache-ttl", "two weeks");

        Assert.AreEqual(2, exitCode);
        StringAssert.Contains(error, "KANIKO4705");
        StringAssert.Contains(error, "two weeks");
    }

    [TestMethod]
    public async Task Warm_WithNothingToWarm_ExitsWith1AndKaniko4706()
    {
        var cache = Path.Combine(Path.GetTempPath(), "kaniko-warm-" + Guid.NewGuid().ToString("N"));

        var (exitCode, output, error) = await ToolProcess.RunAsync("warm", "--cache-dir", cache);

        Assert.AreEqual(1, exitCode);
        Assert.AreEqual(string.Empty, output);
        StringAssert.StartsWith(error, "error KANIKO4706:");
        Assert.IsFalse(Directory.Exists(cache), "nothing is created when there is nothing to warm");
    }

    [TestMethod]
    public async Task Warm_WithABadPlatform_ExitsWith1AndKaniko1003()
    {
        var (exitCode, _, error) = await ToolProcess.RunAsync("warm", "--image", "busybox", "--cache-dir", Path.GetTempPath(), "--custom-platform", "linux");

        Assert.AreEqual(1, exitCode);
        StringAssert.Contains(error, "error KANIKO1003:");
    }

    [TestMethod]
    public async Task Build_OfflineWithoutCacheDir_ExitsWith1AndKaniko4704()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\n");

            var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"), "--offline");

            Assert.AreEqual(1, exitCode);
            StringAssert.Contains(error, "error KANIKO4704:");
            StringAssert.Contains(error, "--cache-dir");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public async Task Build_LogsText_UnlessJsonIsAskedFor()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nLABEL a=b\n");

            var text = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "text"));
            var json = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "json"), "--log-format", "json");

            Assert.AreEqual(0, text.ExitCode, text.Error);
            StringAssert.Contains(text.Error, "LABEL a=b");
            Assert.IsFalse(text.Error.TrimStart().StartsWith('{'), text.Error);
            Assert.AreEqual(0, json.ExitCode, json.Error);
            StringAssert.StartsWith(json.Error.TrimStart(), "{");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
