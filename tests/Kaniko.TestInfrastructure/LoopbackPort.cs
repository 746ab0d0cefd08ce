using System.Net;
using System.Net.Sockets;

namespace Kaniko.TestInfrastructure;

/// <summary>Finds a port on 127.0.0.1 that is free right now (another process may still take it).</summary>
internal static class LoopbackPort
{
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
