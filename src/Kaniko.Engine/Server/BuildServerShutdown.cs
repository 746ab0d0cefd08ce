using System.Net.Sockets;
using System.Text.Json;

namespace Kaniko.Engine.Server;

/// <summary>
/// Stops the build servers whose sockets are in a folder, as <c>dotnet build-server shutdown</c>
/// stops the SDK's: each stops taking builds, finishes the running ones and exits. A socket nobody
/// listens on any more (its server was killed) is removed.
/// </summary>
public static class BuildServerShutdown
{
    public const string SocketPattern = "kaniko-*.sock";

    /// <returns>How many servers were asked to stop.</returns>
    public static int StopAll(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var stopped = 0;
        var request = JsonSerializer.SerializeToUtf8Bytes(new ServerRequest { Shutdown = true }, BuildServerJsonContext.Default.ServerRequest);
        foreach (var socketPath in Directory.EnumerateFiles(folder, SocketPattern))
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            }
            catch (SocketException)
            {
                File.Delete(socketPath);
                continue;
            }

            socket.Send(request);
            socket.Send("\n"u8);
            socket.Shutdown(SocketShutdown.Send);
            socket.Receive(new byte[1]); // the server closes the connection once it has taken the request
            stopped++;
        }

        return stopped;
    }
}
