using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kaniko.TestInfrastructure;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 (raw sockets, so a reset is a real RST) in front of a plain <see cref="RegistryServer"/> (start it with
/// RelativeUrls so its Location headers stay valid through the proxy) that injects the faults of a
/// <see cref="FaultPlan"/> and records every request.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Host", "Date", "Server", "Expect", "Proxy-Connection", "TE", "Upgrade",
    };

    private readonly TcpListener _listener;
    private readonly HttpClient _upstream;
    private readonly Uri _target;
    private readonly Random _random;
    private readonly Task _serving;
    private readonly List<ProxiedRequest> _requests = [];
    private int _corruptionsLeft;
    private int _patches;
    private FaultPlan _plan = new();

    private FaultInjectingProxy(TcpListener listener, Uri target, FaultPlan plan)
    {
        _listener = listener;
        _target = target;
        Plan = plan;
        _random = new Random(plan.Seed);
        Host = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}";
        _upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _serving = ServeAsync();
    }

    /// <summary>"127.0.0.1:PORT": use it as the registry part of image references.</summary>
    public string Host { get; }

    /// <summary>Change the faults while running (for example none while seeding); restarts the corruption count.</summary>
    public FaultPlan Plan
    {
        get => _plan;
        set
        {
            _plan = value;
            Interlocked.Exchange(ref _corruptionsLeft, value.CorruptBlobDownloads);
            Interlocked.Exchange(ref _patches, 0);
        }
    }

    public IReadOnlyList<ProxiedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static FaultInjectingProxy Start(RegistryServer registry, FaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(plan);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new FaultInjectingProxy(listener, registry.BaseUri, plan);
    }

    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }

        _upstream.Dispose();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private string ChooseFault(string method, string path)
    {
        var plan = Plan;
        if (method == "GET" && plan.StallBlob is { } stalled && path.EndsWith("/blobs/" + stalled, StringComparison.Ordinal))
        {
            return "stall";
        }

        double roll;
        lock (_random)
        {
            roll = _random.NextDouble();
        }

        if ((roll -= plan.ResetProbability) < 0)
        {
            return "reset";
        }

        if ((roll -= plan.ServerErrorProbability) < 0)
        {
            return roll * 2 < -plan.ServerErrorProbability ? "500" : "503";
        }

        if ((roll -= plan.TooManyRequestsProbability) < 0)
        {
            return "429";
        }

        if (method == "GET" && (roll -= plan.TruncateProbability) < 0)
        {
            return "truncate";
        }

        if (method == "GET" && path.Contains("/blobs/sha256:", StringComparison.Ordinal)
            && (plan.CorruptBlobDownloads < 0 || Interlocked.Decrement(ref _corruptionsLeft) >= 0))
        {
            return "corrupt";
        }

        return "none";
    }

    // One request per connection ("Connection: close"), so a reset or a cut body hits exactly one request.
    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var connection = client.GetStream();
                var head = await RequestHead.ReadAsync(connection).ConfigureAwait(false);
                if (head is null)
                {
                    return;
                }

                if (head == RequestHead.TlsClientHello)
                {
                    // As Go's servers answer TLS spoken to plain HTTP: the client then knows to use plain HTTP.
                    await WriteAsciiAsync(connection, "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n").ConfigureAwait(false);
                    return;
                }

                var fault = ChooseFault(head.Method, head.Target);
                var plan = Plan;
                var patch = head.Method == "PATCH" ? Interlocked.Increment(ref _patches) : 0;
                if (fault == "none" && plan.RejectBodiesLargerThan > 0 && head.Method is "PUT" or "PATCH" && head.ContentLength > plan.RejectBodiesLargerThan)
                {
                    fault = "413";
                }
                else if (fault == "none" && patch > 0 && plan.CutPatchRequests?.Contains(patch) == true && head.ContentLength > 1)
                {
                    fault = "cut-upload";
                }
                else if (fault == "none" && patch > 0 && plan.BreakPatchRequests?.Contains(patch) == true && head.ContentLength > 1)
                {
                    fault = "break-upload";
                }

                lock (_requests)
                {
                    _requests.Add(new ProxiedRequest(head.Method, head.Target, fault, Math.Max(0, head.ContentLength)));
                }

                if (fault == "reset")
                {
                    Reset(client);
                    return;
                }

                if (fault == "stall")
                {
                    // Nothing is answered; a read of 0 bytes (or an error) means the client went away.
                    while (await connection.ReadAsync(new byte[1]).ConfigureAwait(false) > 0)
                    {
                    }

                    return;
                }

                Stream? body = head.ContentLength > 0 ? new RequestBodyStream(head.AlreadyRead, connection, head.ContentLength) : null;
                if (fault == "break-upload")
                {
                    var half = new byte[head.ContentLength / 2];
                    await body!.ReadExactlyAsync(half).ConfigureAwait(false);
                    Reset(client);
                    return;
                }

                if (fault == "cut-upload")
                {
                    body = new CutOffStream(body!, head.ContentLength / 2);
                }

                if (fault is "500" or "503" or "429" or "413")
                {
                    if (body is not null)
                    {
                        await body.CopyToAsync(Stream.Null).ConfigureAwait(false);
                    }

                    var extra = fault == "429" ? "Retry-After: 1\r\n" : string.Empty;
                    await WriteAsciiAsync(connection, $"HTTP/1.1 {fault} {(fault == "413" ? "Request Entity Too Large" : "Injected")}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n").ConfigureAwait(false);
                    return;
                }

                await ForwardAsync(client, connection, head, body, fault).ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or SocketException or HttpRequestException or ObjectDisposedException)
            {
                Reset(client);
            }
        }
    }

    private async Task ForwardAsync(TcpClient client, NetworkStream connection, RequestHead head, Stream? body, string fault)
    {
        using var upstreamRequest = new HttpRequestMessage(new HttpMethod(head.Method), new Uri(_target, head.Target));
        if (body is not null)
        {
            upstreamRequest.Content = new StreamContent(body);
            upstreamRequest.Content.Headers.ContentLength = head.ContentLength;
        }
        else if (head.Method is "POST" or "PUT" or "PATCH")
        {
            upstreamRequest.Content = new ByteArrayContent([]);
        }

        foreach (var (name, value) in head.Headers)
        {
            if (!HopHeaders.Contains(name) && !upstreamRequest.Headers.TryAddWithoutValidation(name, value))
            {
                upstreamRequest.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var upstreamResponse = await _upstream.SendAsync(upstreamRequest, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var length = upstreamResponse.Content.Headers.ContentLength;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)upstreamResponse.StatusCode} {upstreamResponse.ReasonPhrase}\r\n");
        foreach (var (name, values) in upstreamResponse.Headers.Concat(upstreamResponse.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                foreach (var value in values)
                {
                    text.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }
        }

        if (length is { } known)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {known}\r\n");
        }

        text.Append("Connection: close\r\n\r\n");
        await WriteAsciiAsync(connection, text.ToString()).ConfigureAwait(false);
        if (head.Method == "HEAD")
        {
            return;
        }

        await using var responseBody = await upstreamResponse.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[81920];
        long sent = 0;
        long cutAt = fault == "truncate" && length is > 1 ? length.Value / 2 : long.MaxValue;
        bool corrupted = false;
        int read;
        while ((read = await responseBody.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (fault == "corrupt" && !corrupted)
            {
                buffer[read / 2] ^= 0x5A;
                corrupted = true;
            }

            if (sent + read >= cutAt)
            {
                await connection.WriteAsync(buffer.AsMemory(0, (int)(cutAt - sent))).ConfigureAwait(false);
                await connection.FlushAsync().ConfigureAwait(false);
                Reset(client);
                return;
            }

            await connection.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            sent += read;
        }

        await connection.FlushAsync().ConfigureAwait(false);
        client.Client.Shutdown(SocketShutdown.Send);
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            // Linger 0: close sends RST, as a dropped connection does.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static Task WriteAsciiAsync(NetworkStream connection, string text)
        => connection.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();
}
