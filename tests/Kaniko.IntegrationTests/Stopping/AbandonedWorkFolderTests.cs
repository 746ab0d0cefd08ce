using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Stopping;

/// <summary>A build's work folder holds a lock while the build lives: the next build removes a killed one's folder, never a live one's.</summary>
[TestClass]
public sealed class AbandonedWorkFolderTests
{
    [TestMethod]
    public async Task BuildSigkilledMidRun_LeavesItsFolder_TheNextBuildRemovesIt_ALiveBuildsFolderStays()
    {
        using var temp = TemporaryDirectory.Create("abandoned");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;
        var environment = StopSignalTests.Environment(tmp);
        var killedSleep = StopSignalTests.UniqueSleep();
        var liveSleep = StopSignalTests.UniqueSleep();
        try
        {
            using var killed = await StartBuildAsync(temp, "killed", killedSleep, environment);
            var killedFolder = WorkFolders(tmp).Single();
            using var live = await StartBuildAsync(temp, "live", liveSleep, environment);
            var liveFolder = WorkFolders(tmp).Single(folder => folder != killedFolder);

            await killed.KillAsync();
            Assert.IsTrue(Directory.Exists(killedFolder), "SIGKILL runs no clean-up");
            var next = await KanikoTool.RunWithEnvironmentAsync(environment,
                "build", "--context", await StopSignalTests.ContextAsync(temp, "next", "ENV NEXT=1"), "--no-push", "--tar-path", temp.Combine("next.tar"));

            Assert.AreEqual(0, next.ExitCode, next.StandardError);
            Assert.IsFalse(Directory.Exists(killedFolder), "the next build removed the killed build's folder");
            Assert.IsTrue(Directory.Exists(liveFolder), "the live build's folder is untouched");
            CollectionAssert.AreEqual(new[] { liveFolder }, WorkFolders(tmp), "the next build removed its own folder");
            await live.SignalAsync("TERM");
            Assert.IsTrue(await live.WaitForExitAsync(TimeSpan.FromSeconds(5)), live.Output);
            Assert.AreEqual(143, live.ExitCode, "the live build ran until stopped: " + live.Output);
        }
        finally
        {
            MarkedProcesses.Kill(string.Join(' ', killedSleep));
            MarkedProcesses.Kill(string.Join(' ', liveSleep));
        }
    }

    private static async Task<KanikoProcess> StartBuildAsync(TemporaryDirectory temp, string name, string[] sleep, Dictionary<string, string> environment)
    {
        var context = await StopSignalTests.ContextAsync(temp, name, $"RUN {string.Join(' ', sleep)}");
        var build = KanikoProcess.Start(environment, "build", "--context", context, "--no-push", "--tar-path", temp.Combine(name + ".tar"));
        Assert.IsTrue(await MarkedProcesses.WaitForAsync(sleep, TimeSpan.FromMinutes(2)), $"the {name} build's RUN started: {build.Output}");
        return build;
    }

    private static string[] WorkFolders(string tmp) =>
        [.. Directory.EnumerateDirectories(tmp, "kaniko-*").Order(StringComparer.Ordinal)];
}
