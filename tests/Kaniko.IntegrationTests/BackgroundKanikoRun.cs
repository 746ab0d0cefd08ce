using System.Diagnostics;
using System.Text;

namespace Kaniko.IntegrationTests;

/// <summary>
/// <c>dotnet kaniko run</c> started in the background for a server image; disposing it ends the
/// tool and every process under it (the sandbox and the app).
/// </summary>
internal sealed class BackgroundKanikoRun : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundKanikoRun(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>What the tool and the app wrote so far, stdout and stderr together.</summary>
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

    public static BackgroundKanikoRun Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[RepositoryPaths.ToolAssembly, "run", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var run = new BackgroundKanikoRun(process);
        process.OutputDataReceived += (_, line) => run.Append(line.Data);
        process.ErrorDataReceived += (_, line) => run.Append(line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>GETs <paramref name="url"/> until it answers or the run ends or the time is up.</summary>
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
