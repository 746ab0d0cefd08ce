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

    [TestMethod]
    [DataRow("--upload-chunk-size 0", "--upload-chunk-size 0 is not a size")]
    [DataRow("--upload-chunk-size -1", "--upload-chunk-size -1 is not a size")]
    [DataRow("--compression-level 99", "--compression-level 99 is outside 0-9 for gzip")]
    [DataRow("--compression zstd --compression-level 99", "--compression-level 99 is outside 1-22 for zstd")]
    [DataRow("--compression zstd --compression-level 0", "--compression-level 0 is outside 1-22 for zstd")]
    [DataRow("--push-retry -5", "--push-retry -5 is negative")]
    [DataRow("--image-download-retry -1", "--image-download-retry -1 is negative")]
    [DataRow("--build-arg|", "--build-arg '' names nothing")]
    [DataRow("--label|", "--label '' names nothing")]
    public async Task Build_ValueOutOfRange_IsOneUsageErrorLineBeforeTheBuild(string flags, string message)
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            // A build that started would fail differently (exit 1) on the unreachable base image.
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM 127.0.0.1:1/nothing:latest\nCOPY . /\n");
            var arguments = flags.Contains('|') ? flags.Split('|') : flags.Split(' ');

            var (exitCode, output, error) = await ToolProcess.RunAsync(
                ["build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"), .. arguments]);

            Assert.AreEqual(2, exitCode, error);
            Assert.AreEqual("", output);
            var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("error", StringComparison.Ordinal)).ToList();
            Assert.HasCount(1, errors, error);
            StringAssert.StartsWith(errors[0], "error: " + message);
            Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), error);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("--compression-level", "-1")]
    [DataRow("--compression-level", "9")]
    [DataRow("--compression", "zstd", "--compression-level", "22")]
    [DataRow("--compression", "zstd", "--compression-level", "-1")]
    [DataRow("--compression", "none", "--compression-level", "99")]
    public async Task Build_CompressionLevelInRange_Builds(params string[] flags)
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY a.txt /\n");
            File.WriteAllText(Path.Combine(context, "a.txt"), "a");

            var (exitCode, output, error) = await ToolProcess.RunAsync(
                ["build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"), .. flags]);

            Assert.AreEqual(0, exitCode, error);
            StringAssert.StartsWith(output, "sha256:");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("FROM scratch\nLABEL title=\"\u001b]0;owned\u0007\u001b[31mred\"\n", 0, "LABEL title=\"\\x1b]0;owned\\x07\\x1b[31mred\"")]
    [DataRow("FROM scratch\n\u001b[2J\u0007BOGUS\u0008 x\n", 1, "unknown instruction: \\x1b[2J\\x07BOGUS\\x08")]
    [DataRow("FROM scratch\nCOPY \u001b[31mmissing /x\n", 1, "matches '\\x1b[31mmissing'")]
    public async Task Build_ControlCharactersInDockerfile_ReachTheTerminalEscaped(string dockerfile, int expectedExitCode, string expectedText)
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), dockerfile);

            var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(context, "out"));

            Assert.AreEqual(expectedExitCode, exitCode, error);
            StringAssert.Contains(error, expectedText);
            Assert.IsFalse(error.Any(character => char.IsControl(character) && character is not '\n' and not '\t'), error);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public async Task Build_DockerfileLinkedToAHostFile_NeverPrintsTheHostFile()
    {
        var folder = Directory.CreateTempSubdirectory("kaniko-tool-").FullName;
        try
        {
            var secret = Path.Combine(folder, "shadow");
            File.WriteAllText(secret, "root:SECRET-HASH:20228:0:99999:7:::\n");
            var context = Directory.CreateDirectory(Path.Combine(folder, "context")).FullName;
            File.CreateSymbolicLink(Path.Combine(context, "Dockerfile"), secret);

            var (exitCode, _, error) = await ToolProcess.RunAsync("build", "--context", context, "--no-push", "--oci-layout-path", Path.Combine(folder, "out"));

            Assert.AreEqual(1, exitCode, error);
            StringAssert.StartsWith(error, "error KANIKO4002:");
            StringAssert.Contains(error, "links in the context resolve inside it");
            Assert.IsFalse(error.Contains("SECRET-HASH", StringComparison.Ordinal), error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
