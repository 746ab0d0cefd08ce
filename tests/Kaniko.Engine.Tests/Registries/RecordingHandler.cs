using System.Net;

namespace Kaniko.Engine.Tests.Registries;

/// <summary>A scripted registry: answers each request with the next response and remembers the requests.</summary>
internal sealed class RecordingHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] responses) : HttpMessageHandler
{
    private int _next;

    public List<(HttpMethod Method, Uri Uri)> Requests { get; } = [];

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!));
            var response = responses[Math.Min(_next++, responses.Length - 1)](request);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
