using System.Net;

namespace Kaniko.IntegrationTests.Dockerfiles;

/// <summary>Serves a folder over plain HTTP on 127.0.0.1 for ADD URLs, with a fixed Last-Modified.</summary>
internal sealed class AssetHttpServer : IDisposable
{
    public static readonly DateTimeOffset LastModified = new(2021, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HttpListener _listener;
    private readonly string _folder;

    private AssetHttpServer(HttpListener listener, string folder, string baseUri)
    {
        _listener = listener;
        _folder = folder;
        BaseUri = baseUri;
    }

    public string BaseUri { get; }

    public static AssetHttpServer Start(string folder)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var baseUri = $"http://127.0.0.1:{port}";
        var listener = new HttpListener();
        listener.Prefixes.Add(baseUri + "/");
        listener.Start();
        var server = new AssetHttpServer(listener, folder, baseUri);
        _ = Task.Run(server.ServeAsync);
        return server;
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var path = Path.Combine(_folder, context.Request.Url!.AbsolutePath.TrimStart('/'));
            if (File.Exists(path))
            {
                context.Response.Headers["Last-Modified"] = LastModified.ToString("R");
                await using var file = File.OpenRead(path);
                context.Response.ContentLength64 = file.Length;
                await file.CopyToAsync(context.Response.OutputStream);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }
}
