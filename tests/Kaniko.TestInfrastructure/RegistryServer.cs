using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// A Debian docker-registry (distribution 2.8) on a free loopback port with its own temporary storage.
/// Each test starts its own, so tests never share registry state.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private const string Executable = "/usr/bin/docker-registry";
    private const int StartAttempts = 5;
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadinessPoll = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _workDirectory;
    private readonly RegistryServerOptions _options;
    private int _disposed;

    private RegistryServer(Process process, StringBuilder log, string workDirectory, int port, RegistryServerOptions options, string? caCertificatePath)
    {
        _process = process;
        _log = log;
        _workDirectory = workDirectory;
        _options = options;
        Host = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        BaseUri = new Uri($"{(options.UseTls ? "https" : "http")}://{Host}/");
        CaCertificatePath = caCertificatePath;
    }

    /// <summary>"127.0.0.1:PORT", the registry part of image references.</summary>
    public string Host { get; }

    public Uri BaseUri { get; }

    /// <summary>PEM of the self-signed certificate the TLS variant serves (its own CA); null without TLS.</summary>
    public string? CaCertificatePath { get; }

    public string? Username => _options.Username;

    public string? Password => _options.Password;

    /// <summary>What the registry wrote to stdout and stderr so far (level warn and above).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<RegistryServer> StartAsync(RegistryServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistryServerOptions();
        options.Validate();
        var workDirectory = Path.Combine(Path.GetTempPath(), "kaniko-tests", $"registry-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDirectory);
        try
        {
            var certificate = options.UseTls
                ? await SelfSignedCertificate.CreateAsync(workDirectory, cancellationToken).ConfigureAwait(false)
                : null;
            var htpasswd = options.RequiresAuthentication
                ? await HtpasswdFile.CreateAsync(workDirectory, options.Username!, options.Password!, cancellationToken).ConfigureAwait(false)
                : null;
            var storage = Path.Combine(workDirectory, "storage");
            Directory.CreateDirectory(storage);

            for (var attempt = 1; ; attempt++)
            {
                var port = LoopbackPort.FindFree();
                var configPath = Path.Combine(workDirectory, "config.yml");
                var configuration = new RegistryConfiguration(storage, port, certificate, htpasswd, options.RelativeUrls, options.TokenServer);
                await File.WriteAllTextAsync(configPath, configuration.ToYaml(), cancellationToken).ConfigureAwait(false);

                var (process, log) = Launch(configPath);
                var server = new RegistryServer(process, log, workDirectory, port, options, certificate?.CertificatePath);
                try
                {
                    if (await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return server;
                    }
                }
                catch
                {
                    await server.StopProcessAsync().ConfigureAwait(false);
                    throw;
                }

                await server.StopProcessAsync().ConfigureAwait(false);
                var output = server.Log;
                // Between finding the port and binding it another process may have taken it.
                if (attempt < StartAttempts && output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                throw new InvalidOperationException(
                    $"docker-registry did not answer GET {server.BaseUri}v2/ within {ReadinessTimeout.TotalSeconds} s. Its output:\n{output}");
            }
        }
        catch
        {
            TemporaryDirectory.DeleteQuietly(workDirectory);
            throw;
        }
    }

    /// <summary>
    /// A handler for HttpClient that talks to this registry; for the TLS variant it trusts only
    /// <see cref="CaCertificatePath"/>, not the machine's store.
    /// </summary>
    public HttpMessageHandler CreateHttpMessageHandler()
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (CaCertificatePath is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CertificateAuthorityTrust.FromPemFile(CaCertificatePath).Validate;
        }

        return handler;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopProcessAsync().ConfigureAwait(false);
        TemporaryDirectory.DeleteQuietly(_workDirectory);
    }

    /// <summary>The transport flags skopeo needs for this registry; <paramref name="flagPrefix"/> is "", "src-" or "dest-".</summary>
    internal IEnumerable<string> SkopeoTransportArguments(string flagPrefix)
    {
        yield return $"--{flagPrefix}tls-verify=false";
        if (_options.RequiresAuthentication)
        {
            yield return $"--{flagPrefix}creds={_options.Username}:{_options.Password}";
        }
        else if (_options.TokenServer is { } tokens)
        {
            yield return $"--{flagPrefix}creds={tokens.Username}:{tokens.Password}";
        }
    }

    private static (Process Process, StringBuilder Log) Launch(string configPath)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(configPath);
        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log);
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(CreateHttpMessageHandler()) { Timeout = TimeSpan.FromSeconds(2) };
        var probe = new Uri(BaseUri, "v2/");
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadinessTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await client.GetAsync(probe, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(ReadinessPoll, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task StopProcessAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process already exited and was reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
