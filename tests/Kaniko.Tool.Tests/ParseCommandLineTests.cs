namespace Kaniko.Tool.Tests;

[TestClass]
public sealed class ParseCommandLineTests
{
    private static readonly string Assets = Path.Combine(RepositoryRoot(), "testassets", "parse");

    public static IEnumerable<object[]> Names =>
        Directory.GetFiles(Assets, "*.Dockerfile").Order(StringComparer.Ordinal).Select(path => new object[] { Path.GetFileNameWithoutExtension(path) });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public async Task Parse_AstFormat_PrintsTheExpectedDump(string name)
    {
        var path = Path.Combine(Assets, name + ".Dockerfile");

        var (exitCode, output, error) = await ToolProcess.RunAsync("parse", path, "--format", "ast");

        Assert.AreEqual(0, exitCode, error);
        Assert.AreEqual(File.ReadAllText(Path.ChangeExtension(path, ".ast")), output);
    }

    [TestMethod]
    public async Task Parse_JsonFormat_PrintsTypedInstructionsWithLocations()
    {
        var path = Path.Combine(Assets, "healthcheck-forms.Dockerfile");

        var (exitCode, output, error) = await ToolProcess.RunAsync("parse", path, "--format", "json");

        Assert.AreEqual(0, exitCode, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var instructions = json.RootElement.GetProperty("instructions").EnumerateArray().ToList();
        Assert.HasCount(5, instructions);
        var check = instructions[2];
        Assert.AreEqual("HEALTHCHECK", check.GetProperty("instruction").GetString());
        Assert.AreEqual(3, check.GetProperty("location").GetProperty("line").GetInt32());
        Assert.AreEqual("CMD|curl|-f|http://localhost:8080/health", string.Join("|", check.GetProperty("test").EnumerateArray().Select(e => e.GetString())));
        Assert.AreEqual(5, check.GetProperty("retries").GetInt32());
    }

    [TestMethod]
    [DataRow("ast", "FROM a\nRUN <<EOF\necho\n", 2, 1, "unterminated heredoc EOF")]
    [DataRow("ast", "# only a comment\n", 1, 1, "no instructions")]
    [DataRow("ast", "FROM a\n  ENV A\n", 2, 3, "ENV must have two arguments")]
    [DataRow("json", "FROM a\n\nCOPY --nope=1 a b\n", 3, 1, "unknown flag: --nope for COPY")]
    [DataRow("json", "FROM a\nFROBNICATE x\n", 2, 1, "unknown instruction: FROBNICATE")]
    [DataRow("json", "CMD [\"x\"]\nFROM a\n", 1, 1, "CMD before the first FROM")]
    public async Task Parse_InvalidDockerfile_ExitsWith1AndFileLineColumn(string format, string text, int line, int column, string what)
    {
        var path = WriteTemporaryDockerfile(text);
        try
        {
            var (exitCode, output, error) = await ToolProcess.RunAsync("parse", path, "--format", format);

            Assert.AreEqual(1, exitCode);
            Assert.AreEqual(string.Empty, output);
            StringAssert.StartsWith(error, $"{path}:{line}:{column}: ");
            StringAssert.Contains(error, what);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task Parse_AstFormat_PrintsFilesOnlyTheBuildRefuses()
    {
        var path = WriteTemporaryDockerfile("CMD [\"x\"]\nFROM a\nHEALTHCHECK\nCOPY --user=1 a b\nFROBNICATE x\n");
        try
        {
            var (exitCode, output, error) = await ToolProcess.RunAsync("parse", path, "--format", "ast");

            Assert.AreEqual(0, exitCode, error);
            Assert.AreEqual("(cmd \"x\")\n(from \"a\")\n(healthcheck)\n(copy [\"--user=1\"] \"a\" \"b\")\n(frobnicate)\n", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task Parse_UnknownFormat_IsAUsageError()
    {
        var (exitCode, _, error) = await ToolProcess.RunAsync("parse", Path.Combine(Assets, "nginx-static.Dockerfile"), "--format", "yaml");

        Assert.AreNotEqual(0, exitCode);
        StringAssert.Contains(error, "yaml");
    }

    private static string WriteTemporaryDockerfile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "kaniko-parse-" + Guid.NewGuid().ToString("N") + ".Dockerfile");
        File.WriteAllText(path, text);
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Kaniko.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository.");
    }
}
