using System.Globalization;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Stopping;

/// <summary>
/// SIGTERM (a cancelled pipeline job) and SIGINT (Ctrl+C) stop <c>dotnet kaniko build</c> and
/// <c>dotnet kaniko run</c> within seconds: the sandbox's processes die, the temp folder is left as it
/// was found, and the exit code says which signal it was.
/// </summary>
[TestClass]
public sealed class StopSignalTests
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(5);

    [TestMethod]
    [DataRow("TERM", 143)]
    [DataRow("INT", 130)]
    public async Task Build_SignalDuringLongRun_KillsTheRunRemovesItsTempFilesAndExitsWithTheSignalsCode(string signal, int exitCode)
    {
        using var temp = TemporaryDirectory.Create("stop-build");
        var sleep = UniqueSleep();
        var context = await ContextAsync(temp, "context", $"RUN {string.Join(' ', sleep)}");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        try
        {
            using var build = KanikoProcess.Start(Environment(tmp), "build", "--context", context, "--no-push", "--oci-layout-path", temp.Combine("out"));
            Assert.IsTrue(await MarkedProcesses.WaitForAsync(sleep, TimeSpan.FromMinutes(2)), "the RUN started: " + build.Output);

            await build.SignalAsync(signal);
            var exited = await build.WaitForExitAsync(StopLimit);

            Assert.IsTrue(exited, $"the build exits within {StopLimit.TotalSeconds} s of SIG{signal}: {build.Output}");
            Assert.AreEqual(exitCode, build.ExitCode, build.Output);
            AssertNothingLeft(sleep, tmp);
            Assert.IsFalse(Directory.Exists(temp.Combine("out")), "no output of a stopped build");
        }
        finally
        {
            MarkedProcesses.Kill(string.Join(' ', sleep));
        }
    }

    [TestMethod]
    public async Task Run_SigtermWhileTheCommandRuns_KillsItRemovesTheExtractedImageAndExits143()
    {
        using var temp = TemporaryDirectory.Create("stop-run");
        var layout = await BaseImages.EnsureLayoutAsync();
        var sleep = UniqueSleep();
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        try
        {
            using var run = KanikoProcess.Start(Environment(tmp), ["run", $"oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}", "--", .. sleep]);
            Assert.IsTrue(await MarkedProcesses.WaitForAsync(sleep, TimeSpan.FromMinutes(1)), "the command started: " + run.Output);

            await run.SignalAsync("TERM");
            var exited = await run.WaitForExitAsync(StopLimit);

            Assert.IsTrue(exited, $"run exits within {StopLimit.TotalSeconds} s of SIGTERM: {run.Output}");
            Assert.AreEqual(143, run.ExitCode, run.Output);
            AssertNothingLeft(sleep, tmp);
        }
        finally
        {
            MarkedProcesses.Kill(string.Join(' ', sleep));
        }
    }

    /// <summary>A sleep no other test runs: its length is the marker.</summary>
    internal static string[] UniqueSleep() => ["sleep", Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)];

    /// <summary>A build context folder <paramref name="name"/> whose Dockerfile is the busybox base from the test layout and then <paramref name="instructions"/>.</summary>
    internal static async Task<string> ContextAsync(TemporaryDirectory temp, string name, string instructions)
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var context = Directory.CreateDirectory(temp.Combine(name)).FullName;
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}\n{instructions}\n");
        return context;
    }

    /// <summary>The tool's own temp folder (the runtime's diagnostic pipes go there too: a clean exit removes them).</summary>
    internal static Dictionary<string, string> Environment(string tmp) => new() { ["TMPDIR"] = tmp };

    private static void AssertNothingLeft(string[] sleep, string tmp)
    {
        Assert.IsEmpty(MarkedProcesses.Find(string.Join(' ', sleep)), "no process of the command is left");
        Assert.IsEmpty(Directory.EnumerateFileSystemEntries(tmp).ToList(), "nothing is left in the temp folder");
    }
}
