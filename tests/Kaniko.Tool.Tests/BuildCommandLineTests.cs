namespace Kaniko.Tool.Tests;

[TestClass]
public sealed class BuildCommandLineTests
{
    [TestMethod]
    public async Task Help_ListsKanikosFlagNames()
    {
        var (exitCode, output, _) = await ToolProcess.RunAsync("build", "--help");

        Assert.AreEqual(0, exitCode);
        foreach (var flag in new[] { "--context", "--dockerfile", "--destination", "--oci-layout-path", "--no-push", "--insecure-registry", "--tar-path", "--digest-file", "--compression", "--compression-level" })
        {
            StringAssert.Contains(output, flag);
        }
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("text")]
    [DataRow("json")]
    public async Task Build_LogFormat_IsPlainLinesUnlessJsonIsAsked(string? format)
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nLABEL a=b\n");
            string[] formatFlag = format is null ? [] : ["--log-format", format];

            var (exitCode, output, error) = await ToolProcess.RunAsync(
                ["build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"), .. formatFlag]);

            Assert.AreEqual(0, exitCode, error);
            StringAssert.StartsWith(output, "sha256:");
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.IsNotEmpty(lines);
            if (format == "json")
            {
                var messages = lines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString()).ToList();
                CollectionAssert.Contains(messages, "[0 1/2] FROM scratch");
            }
            else
            {
                Assert.IsFalse(lines.Any(line => line.StartsWith('{')), error);
                Assert.IsTrue(lines.Any(line => line.Contains("[0 1/2] FROM scratch", StringComparison.Ordinal)), error);
            }
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public async Task Build_MissingContext_ExitsWith1AndOneErrorLine()
    {
        var missing = Path.Combine(Path.GetTempPath(), "kaniko-no-such-" + Guid.NewGuid().ToString("N"));

        var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", missing, "--no-push", "--oci-layout-path", missing + "-out");

        Assert.AreEqual(1, exitCode);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, error);
        StringAssert.StartsWith(lines[0], "error KANIKO4001:");
        StringAssert.Contains(lines[0], missing);
    }

    [TestMethod]
    public async Task Build_MissingDockerfile_NamesTheFile()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"));

            Assert.AreEqual(1, exitCode);
            StringAssert.Contains(error, "error KANIKO4002:");
            StringAssert.Contains(error, Path.Combine(context, "Dockerfile"));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public async Task Build_NoDestinationAndNoOutput_IsAUsageError()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\n");

            var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", context);

            Assert.AreEqual(1, exitCode);
            StringAssert.Contains(error, "error KANIKO4003:");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
