using System.Diagnostics;
using Kaniko.Engine.Filesystem;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Sandbox;

/// <summary>
/// Runs a process inside a root folder in fresh mount, pid, uts and ipc namespaces (and a network
/// namespace for <c>--network=none</c>), through util-linux's <c>unshare</c>, entered by pivot_root
/// (see <see cref="SandboxEntryScript"/>). The namespace dies with the tool: <c>setpriv --pdeathsig</c>
/// kills unshare when the thread that started it ends (it lives until the process exits, so only the
/// tool's own death ends it early), and <c>unshare --kill-child</c> then kills pid 1, which takes
/// every process of the namespace along. Measured on a 2-core
/// Debian 12 VM: the whole set-up (namespaces, overlay, one <c>mount -a</c> for /proc, /dev and the
/// host files, setpriv) and a short command take 15-25 ms, seven processes (27 before the mount table,
/// 30-50 ms); merely starting a .NET process (the tool's <c>--version</c>, ReadyToRun) takes 30-90 ms,
/// so a .NET helper calling unshare(2) and mount(2) through P/Invoke (a helper process, because .NET
/// cannot fork safely) would cost more before its first mount. The namespaces die with the process: nothing stays
/// mounted on the host, and cancellation kills the whole tree.
/// </summary>
public sealed class NamespaceSandbox(ILogger logger)
{
    private const string Unshare = "/usr/bin/unshare";
    private const string Setpriv = "/usr/bin/setpriv";
    private const int TailLines = 20;

    // The image paths the sandbox mounts over: a link there could aim a mount at the host.
    private static readonly string[] MountPoints = ["/proc", "/sys", "/dev", "/etc", "/etc/hosts", "/etc/resolv.conf"];

    public async Task<SandboxExit> RunAsync(SandboxedCommand command, SandboxRoot root, CancellationToken cancellationToken)
    {
        EnsureAvailable();
        var helper = SandboxHelper.Locate();
        EnsureMountPointsAreNotLinks(root.Lower);
        var fstab = SandboxMountTable.Write(root, WriteScripts(command, root));
        var mounts = WriteMounts(command, root);
        var secrets = Directory.CreateDirectory(Path.Combine(root.Scratch, "secrets")).FullName;
        using var process = await StartOnOwnThreadAsync(StartInfo(command, root, fstab, mounts, secrets, helper)).ConfigureAwait(false);
        var tail = new OutputTail(TailLines);
        await using var registration = cancellationToken.Register(() => Kill(process));
        var input = FeedAsync(process.StandardInput.BaseStream, command, root);
        var stdout = PumpAsync(process.StandardOutput, command.StandardOutput, command.LogPrefix, tail);
        var stderr = PumpAsync(process.StandardError, command.StandardError, command.LogPrefix, tail);
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        await input.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var lines = tail.Lines();
        if (process.ExitCode == SandboxEntryScript.SetupFailedExitCode && lines.Any(line => line.StartsWith(SandboxEntryScript.FailurePrefix, StringComparison.Ordinal)))
        {
            throw new KanikoException(SandboxErrorCode.SetupFailed, $"The sandbox for '{command.Display}' could not be set up: {lines.Last(line => line.StartsWith(SandboxEntryScript.FailurePrefix, StringComparison.Ordinal))}");
        }

        return new SandboxExit(process.ExitCode, lines);
    }

    /// <summary>
    /// Starts the process from a thread that waits for it: the parent-death signal follows the thread
    /// that forked, and a pool thread may end while the command still runs.
    /// </summary>
    private static Task<Process> StartOnOwnThreadAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Exception exception)
            {
                process.Dispose();
                started.SetException(exception);
                return;
            }

            started.SetResult(process);
            process.WaitForExit();
        })
        {
            IsBackground = true,
            Name = "kaniko sandbox",
        };
        thread.Start();
        return started.Task;
    }

    /// <summary>The secrets' bytes in the order of the mount list, then the entry helper's specification.</summary>
    private static async Task FeedAsync(Stream input, SandboxedCommand command, SandboxRoot root)
    {
        try
        {
            foreach (var mount in command.Mounts)
            {
                if (mount.Secret is { } secret)
                {
                    await input.WriteAsync(secret.Content).ConfigureAwait(false);
                }
            }

            await input.WriteAsync(SandboxEntrySpec.Encode(command, root.Merged)).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The set-up failed before reading all of it; its exit code and message tell why.
        }
        finally
        {
            await input.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ProcessStartInfo StartInfo(SandboxedCommand command, SandboxRoot root, string fstab, string? mounts, string secrets, string helper)
    {
        var start = new ProcessStartInfo(Setpriv)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Nothing of the host's environment reaches the set-up or the command.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        string[] namespaces = ["--pdeathsig", "KILL", "--", Unshare, "--mount", "--propagation", "private", "--uts", "--ipc", "--pid", "--fork", "--kill-child"];
        foreach (var argument in namespaces)
        {
            start.ArgumentList.Add(argument);
        }

        if (command.IsolateNetwork)
        {
            start.ArgumentList.Add("--net");
        }

        string[] entry =
        [
            "/bin/sh", "-c", SandboxEntryScript.Text, "kaniko-sandbox",
            root.IsOverlay ? "overlay" : "bind", root.Lower, root.Upper ?? "", root.Work ?? "", root.Merged,
            command.Hostname, command.IsolateNetwork ? "none" : "host", fstab, mounts ?? "",
            secrets, helper,
        ];
        foreach (var argument in entry)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string? WriteScripts(SandboxedCommand command, SandboxRoot root)
    {
        if (command.Scripts.Count == 0)
        {
            return null;
        }

        var pipes = Path.Combine(root.Scratch, "pipes");
        Directory.CreateDirectory(pipes);
        foreach (var (name, text) in command.Scripts)
        {
            var path = Path.Combine(pipes, name);
            File.WriteAllText(path, text);
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return pipes;
    }

    private static string? WriteMounts(SandboxedCommand command, SandboxRoot root)
    {
        if (command.Mounts.Count == 0)
        {
            return null;
        }

        Directory.CreateDirectory(root.Scratch);
        var path = Path.Combine(root.Scratch, "mounts");
        File.WriteAllText(path, string.Concat(command.Mounts.Select(mount => mount.ToLine())));
        return path;
    }

    private async Task PumpAsync(StreamReader reader, TextWriter? forward, string prefix, OutputTail tail)
    {
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            tail.Add(line);
            if (forward is not null)
            {
                await forward.WriteLineAsync(line).ConfigureAwait(false);
                await forward.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                logger.LogInformation("{Prefix}{Line}", prefix, line);
            }
        }
    }

    private void Kill(Process process)
    {
        try
        {
            // unshare --kill-child passes SIGKILL to pid 1 of the namespace, which takes every process in it along.
            process.Kill(entireProcessTree: true);
            logger.LogWarning("Cancelled: killed the sandboxed process tree");
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    private static void EnsureAvailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new KanikoException(SandboxErrorCode.Unavailable, "RUN needs Linux: the sandbox is made of Linux namespaces.");
        }

        if (UnixSystemCalls.Geteuid() != 0)
        {
            throw new KanikoException(SandboxErrorCode.Unavailable, "RUN needs root (CAP_SYS_ADMIN) to create the sandbox's namespaces and mounts; run kaniko as root.");
        }

        if (!File.Exists(Unshare) || !File.Exists(Setpriv))
        {
            throw new KanikoException(SandboxErrorCode.Unavailable, $"RUN needs util-linux ({Unshare}, {Setpriv}, mount) on the host.");
        }
    }

    private static void EnsureMountPointsAreNotLinks(string lower)
    {
        foreach (var mountPoint in MountPoints)
        {
            if (FileStatus.TryRead(lower + mountPoint) is { IsSymbolicLink: true })
            {
                throw new KanikoException(SandboxErrorCode.UnsafeMountPoint, $"{mountPoint} is a symbolic link in the image; the sandbox will not mount over it.");
            }
        }
    }

}
