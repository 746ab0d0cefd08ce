using System.Text.Json;

namespace Kaniko.Engine.Server;

/// <summary>Writes server messages one JSON line each; log entries come from many threads at once.</summary>
internal sealed class ServerMessageWriter(Stream stream)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Lock _gate = new();

    public void Write(ServerMessage message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, BuildServerJsonContext.Default.ServerMessage);
        lock (_gate)
        {
            stream.Write(bytes);
            stream.Write(NewLine);
            stream.Flush();
        }
    }
}
