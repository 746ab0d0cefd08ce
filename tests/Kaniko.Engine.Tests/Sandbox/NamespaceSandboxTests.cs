using System.Diagnostics;
using Kaniko.Engine.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Sandbox;

/// <summary>Runs the host's static busybox as the whole image; needs root, as RUN does.</summary>
[TestClass]
public sealed class NamespaceSandboxTests
{
    [TestMethod]
    public async Task Run_InFreshNamespaces_IsPid1WithItsOwnHostnameAndOnlyTheUpperChanges()
    {
        using var folder = BusyboxRoot();
        using var root = SandboxRoot.Overlay(folder.Combine("root"), folder.Combine("scratch"));
        var output = new StringWriter();

        var exit = await new NamespaceSandbox(NullLogger.Instance).RunAsync(new SandboxedCommand
        {
            Arguments = ["/bin/sh", "-c", "echo $$ $(hostname) $(id -u):$(id -g) $GREETING; echo new > /made"],
            Environment = ["PATH=/bin", "GREETING=hi"],
            StandardOutput = output,
        }, root, CancellationToken.None);

        Assert.AreEqual(0, exit.ExitCode, string.Join('\n', exit.LastLines));
        Assert.AreEqual("1 buildkitsandbox 0:0 hi", output.ToString().Trim());
        Assert.IsTrue(File.Exists(Path.Combine(root.Upper!, "made")));
        Assert.IsFalse(File.Exists(folder.Combine("root", "made")), "the lower root is untouched");
    }

    [TestMethod]
    public async Task Run_NonZeroExit_KeepsTheLastLinesForTheError()
    {
        using var folder = BusyboxRoot();
        using var root = SandboxRoot.Overlay(folder.Combine("root"), folder.Combine("scratch"));

        var exit = await new NamespaceSandbox(NullLogger.Instance).RunAsync(new SandboxedCommand
        {
            Arguments = ["/bin/sh", "-c", "for i in $(seq 1 30); do echo line $i; done; exit 7"],
            Environment = ["PATH=/bin"],
        }, root, CancellationToken.None);

        var error = Assert.ThrowsExactly<KanikoException>(() => exit.ThrowIfFailed("the command"));
        Assert.AreEqual(SandboxErrorCode.CommandFailed, error.Code);
        StringAssert.Contains(error.Message, "non-zero code: 7");
        StringAssert.Contains(error.Message, "line 30");
        Assert.IsFalse(error.Message.Contains("line 10\n", StringComparison.Ordinal), "only the last lines are kept");
    }

    [TestMethod]
    public async Task Run_Cancelled_KillsTheWholeTreeQuickly()
    {
        using var folder = BusyboxRoot();
        using var root = SandboxRoot.Overlay(folder.Combine("root"), folder.Combine("scratch"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<OperationCanceledException>(() => new NamespaceSandbox(NullLogger.Instance).RunAsync(new SandboxedCommand
        {
            Arguments = ["/bin/sh", "-c", "sleep 300 & sleep 300 & wait"],
            Environment = ["PATH=/bin"],
        }, root, cancellation.Token));

        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static TestFolder BusyboxRoot()
    {
        var folder = new TestFolder();
        var bin = folder.Combine("root", "bin");
        Directory.CreateDirectory(bin);
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in new[] { "sh", "echo", "hostname", "id", "seq", "sleep" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        return folder;
    }
}
