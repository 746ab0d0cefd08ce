using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kaniko.Engine.Caching;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Publishing;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Server;

/// <summary>
/// Builds through the build server: connects to the one for this environment, starting it first
/// when there is none, sends the request and relays the server's log to <paramref name="logger"/>.
/// When no server can be reached, or one stops before answering, the caller is told to build
/// in-process (null); an answer, success or error, is final.
/// </summary>
public sealed class BuildServerClient(string serverAssembly, string dotnetHost, TimeSpan idleTimeout, ILogger logger)
{
    private const string SessionLauncher = "/usr/bin/setsid";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    /// <remarks>Synchronous on purpose: its caller blocks anyway, and async code here would be compiled in every MSBuild process that runs it.</remarks>
    public RemoteBuildResult? TryBuild(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BuildServerAddress.For(serverAssembly, EnvironmentSnapshot.Take()) is not { } address)
        {
            logger.LogDebug("No private folder for the build server's socket; building in-process");
            return null;
        }

        using var socket = TryConnect(address) ?? ConnectOrStartAsync(address, cancellationToken).GetAwaiter().GetResult();
        if (socket is null)
        {
            return null;
        }

        using var stream = new NetworkStream(socket, ownsSocket: false);
        using (cancellationToken.Register(() => socket.Shutdown(SocketShutdown.Both)))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(new ServerRequest { Build = request }, BuildServerJsonContext.Default.ServerRequest));
            stream.Write("\n"u8);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            while (ReadLine(reader) is { } line)
            {
                var message = JsonSerializer.Deserialize(line, BuildServerJsonContext.Default.ServerMessage)!;
                if (message.Result is { } result)
                {
                    logger.LogDebug("Built by the Kaniko build server at {Address}", address);
                    return result;
                }

                if (message.Error is { } error)
                {
                    throw Rebuilt(error);
                }

#pragma warning disable CA1848, CA2254 // The server's lines are already formatted messages.
                logger.Log((LogLevel)(message.Level ?? (int)LogLevel.Information), "{Message}", message.Text);
#pragma warning restore CA1848, CA2254
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        logger.LogWarning("The Kaniko build server stopped before the build finished; building in-process");
        return null;
    }

    private static string? ReadLine(StreamReader reader)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static KanikoException Rebuilt(ServerError error)
    {
        if (error.Code is null)
        {
            return new KanikoException(BuildServerErrorCode.ServerFailed, "The Kaniko build server failed: " + error.Message);
        }

        return error.File is not null && error.What is not null
            ? new DockerfileException(error.Code, new SourceLocation(error.File, error.Line, error.Column), error.What)
            : new KanikoException(error.Code, error.Message);
    }

    private async Task<Socket?> ConnectOrStartAsync(string address, CancellationToken cancellationToken)
    {
        // One caller starts the server; the others wait for it on the lock, then connect.
        using (await FileLock.AcquireAsync(address + ".lock", StartTimeout, cancellationToken).ConfigureAwait(false))
        {
            if (TryConnect(address) is { } started)
            {
                return started;
            }

            File.Delete(address); // left by a server that was killed
            if (!Start(address))
            {
                return null;
            }

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
                if (TryConnect(address) is { } socket)
                {
                    logger.LogDebug("Started the Kaniko build server at {Address} in {Milliseconds} ms", address, clock.ElapsedMilliseconds);
                    return socket;
                }
            }
        }

        logger.LogWarning("The Kaniko build server did not start within {Seconds} s; building in-process", StartTimeout.TotalSeconds);
        return null;
    }

    private bool Start(string address)
    {
        // In a session of its own (util-linux setsid, where there is one), so a Ctrl+C or a closed
        // terminal that stops this build leaves the server, and the builds it runs for others, alone.
        var detached = File.Exists(SessionLauncher);
        var start = new ProcessStartInfo(detached ? SessionLauncher : dotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (detached)
        {
            start.ArgumentList.Add(dotnetHost);
        }

        foreach (var argument in (string[])["exec", serverAssembly, BuildServerProgram.ServerFlag, address, ((int)idleTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            // It outlives this build, holding none of its pipes: a caller waiting for this process's output is not kept waiting.
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            process.StandardInput.Close();
            process.StandardOutput.Close();
            process.StandardError.Close();
            return true;
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or IOException)
        {
            logger.LogDebug("The Kaniko build server could not be started ({Reason}); building in-process", error.Message);
            return false;
        }
    }

    private static Socket? TryConnect(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(address));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
