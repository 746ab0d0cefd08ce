using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Infrastructure;

[TestClass]
public sealed class ProcessRunnerTests
{
    [TestMethod]
    public async Task Run_CapturesOutputAndEnvironment()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh", ["-c", "echo \"$GREETING\"; echo err >&2"], environment: new Dictionary<string, string?> { ["GREETING"] = "hi there" });

        Assert.AreEqual(new ProcessResult(0, "hi there\n", "err\n"), result);
    }

    [TestMethod]
    public async Task Run_WithFailingCommand_ThrowsWithExitCodeAndStandardError()
    {
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => ProcessRunner.RunAsync("/bin/sh", ["-c", "echo broken >&2; exit 3"]));

        Assert.IsTrue(error.Message.Contains("code 3", StringComparison.Ordinal), error.Message);
        Assert.IsTrue(error.Message.Contains("broken", StringComparison.Ordinal), error.Message);
    }

    [TestMethod]
    public async Task Run_WithoutExitCodeCheck_ReturnsTheExitCode()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "exit 4"], checkExitCode: false);

        Assert.AreEqual(4, result.ExitCode);
    }

    [TestMethod]
    public async Task Run_PastItsTimeout_IsKilled()
    {
        await Assert.ThrowsExactlyAsync<TimeoutException>(
            () => ProcessRunner.RunAsync("/bin/sleep", ["30"], timeout: TimeSpan.FromMilliseconds(200)));
    }
}
