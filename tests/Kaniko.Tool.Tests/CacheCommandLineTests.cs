namespace Kaniko.Tool.Tests;

/// <summary>The layer cache flags of <c>dotnet kaniko build</c>.</summary>
[TestClass]
public sealed class CacheCommandLineTests
{
    [TestMethod]
    public async Task CacheDir_SecondBuildLogsCachedSteps_AndTheSameDigest()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-cache-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "a.txt"), "a");
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
            string[] arguments = ["build", "--context", context, "--no-push", "--reproducible", "--cache", "--cache-dir", Path.Combine(context, "cache"), "--cache-ttl", "1h30m", "-v", "detailed"];

            var first = await ToolProcess.RunAsync([.. arguments, "--oci-layout-path", Path.Combine(context, "out1")]);
            var second = await ToolProcess.RunAsync([.. arguments, "--oci-layout-path", Path.Combine(context, "out2")]);

            Assert.AreEqual(0, first.ExitCode, first.Error);
            Assert.AreEqual(0, second.ExitCode, second.Error);
            StringAssert.Contains(first.Output + first.Error, "(cache miss)");
            StringAssert.Matches(second.Output + second.Error, new System.Text.RegularExpressions.Regex("CACHED [0-9a-f]{12}"));
            Assert.AreEqual(first.Output.Trim().Split('\n')[^1], second.Output.Trim().Split('\n')[^1], "the same digest");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("--cache-ttl", "two weeks")]
    [DataRow("--cache-ttl", "-1h")]
    public async Task CacheTtl_NotAPositiveGoDuration_IsAUsageError(string flag, string value)
    {
        var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--no-push", "--oci-layout-path", "out", flag, value);

        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(error, "--cache-ttl");
    }
}
