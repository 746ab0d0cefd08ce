using System.Globalization;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>An HTTP/1.1 request line and headers as read off a connection, and the body bytes read past them.</summary>
internal sealed record RequestHead(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, long ContentLength, byte[] AlreadyRead)
{
    private const int MaxHeadBytes = 64 * 1024;
    private const byte TlsHandshakeRecord = 0x16;

    /// <summary>What a client that tries TLS first sends instead of a request.</summary>
    public static readonly RequestHead TlsClientHello = new("TLS", string.Empty, [], 0, []);

    /// <summary>The next request's head, or null when the client closed the connection first.</summary>
    public static async Task<RequestHead?> ReadAsync(Stream connection)
    {
        var buffer = new byte[MaxHeadBytes];
        int filled = 0;
        int end;
        while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                throw new IOException("Request head too long.");
            }

            int read = await connection.ReadAsync(buffer.AsMemory(filled)).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            filled += read;
            if (buffer[0] == TlsHandshakeRecord)
            {
                return TlsClientHello;
            }
        }

        var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new List<(string, string)>();
        long contentLength = 0;
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers.Add((name, value));
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                throw new IOException("Chunked request bodies are not supported by the test proxy.");
            }
        }

        return new RequestHead(requestLine[0], requestLine[1], headers, contentLength, buffer[(end + 4)..filled]);
    }
}
