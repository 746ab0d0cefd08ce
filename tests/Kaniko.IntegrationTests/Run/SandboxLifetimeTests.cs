using System.Text;
using Kaniko.Engine.Filesystem;
using Kaniko.IntegrationTests.Stopping;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>
/// The sandbox dies with the tool: a SIGKILL of <c>dotnet kaniko</c> (an OOM kill, a cancelled pod)
/// mid-RUN or mid-run leaves no process of the build, a secret mounted in the RUN was never on disk,
/// and the next build removes the killed one's work folder.
/// </summary>
[TestClass]
public sealed class SandboxLifetimeTests
{
    private static readonly TimeSpan DeathLimit = TimeSpan.FromSeconds(5);

    [TestMethod]
    public async Task Sigkill_MidRunWithASecret_LeavesNoProcessNoSecretOnDisk_AndTheNextBuildRemovesItsFolder()
    {
        using var temp = TemporaryDirectory.Create("sandbox-lifetime");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        var sleep = StopSignalTests.UniqueSleep();
        var secret = "kaniko-secret-" + Guid.NewGuid().ToString("N");
        var context = await StopSignalTests.ContextAsync(temp, "context",
            $"RUN --mount=type=secret,id=token,required=true grep -q kaniko-secret /run/secrets/token && {string.Join(' ', sleep)}; echo done");
        var environment = new Dictionary<string, string>(StopSignalTests.Environment(tmp)) { ["KANIKO_TEST_TOKEN"] = secret };
        try
        {
            using var tool = KanikoProcess.Start(environment, "build", "--context", context, "--no-push", "--secret", "id=token,env=KANIKO_TEST_TOKEN");
            Assert.IsTrue(await MarkedProcesses.WaitForAsync(sleep, TimeSpan.FromMinutes(2)), "the RUN did not start: " + tool.Output);
            var workFolder = Directory.EnumerateDirectories(tmp, "kaniko-*").Single();
            AssertNoFileHolds(temp.Path, secret, "while the RUN runs");

            await tool.KillAsync();

            await AssertNoProcessWithinAsync(string.Join(' ', sleep), DeathLimit);
            AssertNoFileHolds(temp.Path, secret, "after the kill");
            Assert.IsTrue(Directory.Exists(workFolder), "SIGKILL runs no clean-up");
            var next = await KanikoTool.RunWithEnvironmentAsync(environment,
                "build", "--context", await StopSignalTests.ContextAsync(temp, "next", "ENV NEXT=1"), "--no-push");
            Assert.AreEqual(0, next.ExitCode, next.StandardError);
            Assert.IsFalse(Directory.Exists(workFolder), "the next build removed the killed build's work folder");
        }
        finally
        {
            MarkedProcesses.Kill(string.Join(' ', sleep));
        }
    }

    [TestMethod]
    public async Task Sigkill_OfKanikoRun_LeavesNoProcess()
    {
        using var temp = TemporaryDirectory.Create("sandbox-lifetime");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        var sleep = StopSignalTests.UniqueSleep();
        var layout = await BaseImages.EnsureLayoutAsync();
        try
        {
            // A child in the background and the command itself: both belong to the sandbox's pid namespace.
            using var tool = KanikoProcess.Start(StopSignalTests.Environment(tmp),
                "run", $"oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}", "--", "sh", "-c", $"{string.Join(' ', sleep)} & {string.Join(' ', sleep)}; echo done");
            Assert.IsTrue(await MarkedProcesses.WaitForAsync(sleep, TimeSpan.FromMinutes(2)), "the command did not start: " + tool.Output);

            await tool.KillAsync();

            await AssertNoProcessWithinAsync(string.Join(' ', sleep), DeathLimit);
        }
        finally
        {
            MarkedProcesses.Kill(string.Join(' ', sleep));
        }
    }

    private static async Task AssertNoProcessWithinAsync(string marker, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (MarkedProcesses.Find(marker) is { Count: > 0 } left)
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{left.Count} processes of the build still run {timeout.TotalSeconds} s after the kill: {string.Join(", ", left)}");
            }

            await Task.Delay(100);
        }
    }

    private static void AssertNoFileHolds(string folder, string secret, string when)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 });
        // A work folder's .lock is empty and held with flock, which .NET's own file locking respects.
        foreach (var file in files.Where(file => FileStatus.TryRead(file) is { IsRegularFile: true, Size: > 0 }))
        {
            Assert.AreEqual(-1, File.ReadAllBytes(file).AsSpan().IndexOf(needle), $"{file} holds the secret {when}");
        }
    }
}
