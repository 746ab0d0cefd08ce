using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>A throwaway /usr/bin/docker-registry on a free loopback port, storing in a temp folder.</summary>
internal sealed class LocalRegistry : IDisposable
{
    private const string Executable = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private LocalRegistry(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Host = $"127.0.0.1:{port}";
    }

    /// <summary><c>127.0.0.1:port</c>, as used in image references.</summary>
    public string Host { get; }

    public static async Task<LocalRegistry> StartAsync(bool relativeUrls = false)
    {
        string directory = Directory.CreateTempSubdirectory("kaniko-registry-").FullName;
        int port = FreeLoopbackPort();
        string config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
              relativeurls: {(relativeUrls ? "true" : "false")}
            """);

        var process = new Process
        {
            StartInfo = new ProcessStartInfo(Executable, ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var registry = new LocalRegistry(process, directory, port);
        process.OutputDataReceived += (_, e) => registry.Record(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await registry.WaitUntilServingAsync();
        }
        catch
        {
            registry.Dispose();
            throw;
        }

        return registry;
    }

    public ImageReference Reference(string repository, string tag = "latest")
        => ImageReference.Parse($"{Host}/{repository}:{tag}");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        lock (_output)
        {
            throw new InvalidOperationException($"docker-registry did not serve on {Host}:{Environment.NewLine}{_output}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
