using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Kaniko.Engine.Building;
using Kaniko.Engine.Dockerfiles;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Server;

/// <summary>
/// The build server: a process that stays up between builds, so the engine's code is loaded and
/// compiled once instead of in every <c>dotnet publish</c>. It listens on a Unix socket only its
/// user can reach (see <see cref="BuildServerAddress"/>), runs each connection's build with the
/// environment it was started with, streams the log back, and exits after a quiet spell or when
/// asked to (<see cref="BuildServerShutdown"/>), once its running builds are done. A client that goes
/// away cancels its build.
/// </summary>
public static class BuildServerHost
{
    public static async Task<int> RunAsync(string socketPath, TimeSpan idleTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException)
        {
            return 1; // another server holds the address
        }

        try
        {
            listener.Listen(64);
            var activity = new ServerActivity();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var idle = WatchIdleAsync(activity, idleTimeout, stop);
            while (!stop.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                activity.Started();
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(connection, stop).ConfigureAwait(false);
                    }
                    finally
                    {
                        activity.Finished();
                    }
                }, CancellationToken.None);
            }

            await idle.ConfigureAwait(false);

            // Asked to stop (or stopped from outside) with builds running: they finish first.
            while (activity.Running)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private static async Task WatchIdleAsync(ServerActivity activity, TimeSpan idleTimeout, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
            if (activity.IdleFor() >= idleTimeout)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task ServeAsync(Socket connection, CancellationTokenSource stop)
    {
        using var socket = connection;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var line = await reader.ReadLineAsync().ConfigureAwait(false);
        if (line is null)
        {
            return;
        }

        var writer = new ServerMessageWriter(stream);
        using var cancellation = new CancellationTokenSource();

        // The client sends nothing after its request: the end of its stream means it has gone.
        var gone = WatchForHangUpAsync(stream, cancellation);
        ServerMessage outcome;
        try
        {
            var command = JsonSerializer.Deserialize(line, BuildServerJsonContext.Default.ServerRequest);
            if (command is { Shutdown: true })
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }

            var request = command?.Build ?? throw new KanikoException(BuildServerErrorCode.EmptyRequest, "The build server received a request with no build in it.");
            var result = await new ImageBuilder(new ForwardingLogger(writer)).BuildAsync(request.ToBuildRequest(), cancellation.Token).ConfigureAwait(false);
            outcome = new ServerMessage { Result = new RemoteBuildResult(result.ManifestDigest.ToString(), [.. result.PushedReferences]) };
        }
        catch (DockerfileException error)
        {
            outcome = new ServerMessage { Error = new ServerError(error.Code, error.Message, error.Location.File, error.Location.Line, error.Location.Column, error.What) };
        }
        catch (KanikoException error)
        {
            outcome = new ServerMessage { Error = new ServerError(error.Code, error.Message) };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            outcome = new ServerMessage { Error = new ServerError(null, error.ToString()) };
        }

        try
        {
            writer.Write(outcome);
        }
        catch (IOException)
        {
            // The client went away just as the build finished.
        }

        await cancellation.CancelAsync().ConfigureAwait(false);
        await gone.ConfigureAwait(false);
    }

    private static async Task WatchForHangUpAsync(NetworkStream stream, CancellationTokenSource cancellation)
    {
        var buffer = new byte[1];
        try
        {
            while (await stream.ReadAsync(buffer, cancellation.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            return;
        }

        await cancellation.CancelAsync().ConfigureAwait(false);
    }

    private sealed class ForwardingLogger(ServerMessageWriter writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                writer.Write(new ServerMessage { Level = (int)logLevel, Text = formatter(state, exception) });
            }
            catch (IOException)
            {
                // The client has gone; its build is being cancelled.
            }
        }
    }
}
