using System.Diagnostics;
using System.Text;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>
/// <c>dotnet kaniko</c> started in the background with an environment of its own (its TMPDIR): a
/// server image under <c>run</c>, or a build to be stopped by a signal or killed; disposing it ends
/// the tool and every process under it.
/// </summary>
internal sealed class KanikoProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private KanikoProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    /// <summary>What the tool wrote so far, stdout and stderr together.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static KanikoProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // A test run started in the background (a non-interactive shell's `&`) has SIGINT ignored, and
        // a child inherits that; the tool must start as a terminal starts it, with Ctrl+C live.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", RepositoryPaths.ToolAssembly, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var tool = new KanikoProcess(process);
        process.OutputDataReceived += (_, line) => tool.Append(line.Data);
        process.ErrorDataReceived += (_, line) => tool.Append(line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>GETs <paramref name="url"/> until it answers or the tool ends or the time is up.</summary>
    public async Task<string> GetWhenListeningAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await http.GetStringAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Sends a signal (TERM, INT) to the tool alone, as a pipeline agent or a terminal does.</summary>
    public Task SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>SIGKILL to the tool alone, as the OOM killer does: nothing of it runs afterwards.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Whether the tool exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        _process.Dispose();
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
}
