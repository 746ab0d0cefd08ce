using System.Diagnostics;
using System.Text;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>
/// The sandbox dies with the tool: a SIGKILL of <c>dotnet kaniko</c> (an OOM kill, a cancelled pod)
/// mid-RUN or mid-run leaves no process of the build, and a secret mounted in the RUN was never on disk.
/// </summary>
[TestClass]
public sealed class SandboxLifetimeTests
{
    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static async Task StartRegistryAsync(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox]);
    }

    [ClassCleanup]
    public static async Task StopRegistryAsync() => await s_registry.DisposeAsync();

    [TestMethod]
    public async Task Sigkill_MidRunWithASecret_LeavesNoProcessAndTheSecretNeverOnDisk()
    {
        using var temp = TemporaryDirectory.Create("sandbox-lifetime");
        var marker = "kaniko-lifetime-" + Guid.NewGuid().ToString("N");
        var secret = "kaniko-secret-" + Guid.NewGuid().ToString("N");
        var context = Directory.CreateDirectory(temp.Combine("context")).FullName;
        var dockerfile = temp.Combine("Dockerfile");
        await File.WriteAllTextAsync(dockerfile, $"""
            FROM {s_registry.Host}/busybox:latest
            RUN --mount=type=secret,id=token,required=true grep -q kaniko-secret /run/secrets/token && echo started-{marker} && sleep 300; echo ended-{marker}
            """);
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;

        using var tool = StartTool(tmp, new Dictionary<string, string> { ["KANIKO_TEST_TOKEN"] = secret },
            "build", "--context", context, "--dockerfile", dockerfile, "--no-push", "--secret", "id=token,env=KANIKO_TEST_TOKEN");
        // The RUN's own output, not the step's log line that quotes it.
        await tool.WaitForOutputAsync("| started-" + marker, TimeSpan.FromMinutes(2));
        Assert.AreNotEqual(0, ProcessesNaming(marker).Count, "the RUN is not running");
        AssertNoFileHolds(temp.Path, secret, "while the RUN runs");

        tool.Kill();

        await AssertNoProcessNamesWithinAsync(marker, TimeSpan.FromSeconds(5));
        AssertNoFileHolds(temp.Path, secret, "after the kill");
    }

    [TestMethod]
    public async Task Sigkill_OfKanikoRun_LeavesNoProcess()
    {
        using var temp = TemporaryDirectory.Create("sandbox-lifetime");
        var marker = "kaniko-lifetime-" + Guid.NewGuid().ToString("N");
        var tmp = Directory.CreateDirectory(temp.Combine("tmp")).FullName;

        using var tool = StartTool(tmp, new Dictionary<string, string>(),
            "run", $"{s_registry.Host}/busybox:latest", "--", "sh", "-c", $"echo started-{marker}; sleep 300 & sleep 300; echo ended-{marker}");
        await tool.WaitForOutputAsync("started-" + marker, TimeSpan.FromMinutes(2));
        Assert.AreNotEqual(0, ProcessesNaming(marker).Count, "the command is not running");

        tool.Kill();

        await AssertNoProcessNamesWithinAsync(marker, TimeSpan.FromSeconds(5));
    }

    private static ToolProcess StartTool(string tmp, Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryPaths.ToolAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = tmp;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return ToolProcess.Start(start);
    }

    private static async Task AssertNoProcessNamesWithinAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ProcessesNaming(marker) is { Count: > 0 } left)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{left.Count} processes of the build still run {timeout.TotalSeconds} s after the kill: {string.Join("; ", left)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The command lines of every process on the machine that name <paramref name="marker"/>.</summary>
    private static List<string> ProcessesNaming(string marker)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal) && !IsZombie(folder))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // It ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static bool IsZombie(string folder) =>
        File.ReadAllText(Path.Combine(folder, "stat")).Split(')')[^1].TrimStart().StartsWith('Z');

    private static void AssertNoFileHolds(string folder, string secret, string when)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            if (IsRegular(file))
            {
                Assert.AreEqual(-1, File.ReadAllBytes(file).AsSpan().IndexOf(needle), $"{file} holds the secret {when}");
            }
        }
    }

    private static bool IsRegular(string path) =>
        Kaniko.Engine.Filesystem.FileStatus.TryRead(path) is { IsRegularFile: true };

    /// <summary>The tool as a background process whose output is collected as it comes.</summary>
    private sealed class ToolProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ToolProcess(Process process) => _process = process;

        public static ToolProcess Start(ProcessStartInfo start)
        {
            var process = new Process { StartInfo = start };
            var tool = new ToolProcess(process);
            process.OutputDataReceived += (_, line) => tool.Append(line.Data);
            process.ErrorDataReceived += (_, line) => tool.Append(line.Data);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return tool;
        }

        public async Task WaitForOutputAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"'{text}' never came (exited: {_process.HasExited}):\n{Output}");
                }

                await Task.Delay(100);
            }
        }

        /// <summary>SIGKILL to the tool alone, as the OOM killer sends it: nothing of the tool runs after it.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public void Dispose() => _process.Dispose();
    }
}
