using System.Net;
using Microsoft.Extensions.Logging;

namespace Kaniko.Engine.Registries;

/// <summary>
/// Sends a request again after connection failures, timeouts, 429 and 5xx, as often as the settings
/// allow for its access (push or pull), waiting per <see cref="RetryDelays"/>. Only replayable
/// requests are retried here; uploads of streams restart their session in <see cref="RegistryClient"/>.
/// Each attempt must see response headers within the inactivity timeout.
/// </summary>
internal sealed class RetryHandler(RegistrySettings settings, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int retries = ReplayableContent.Is(request) ? settings.RetriesFor(RegistryScope.Of(request)?.Access) : 0;
        for (int retry = 1; ; retry++)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (ReplayableContent.Is(request))
            {
                attempt.CancelAfter(settings.InactivityTimeout);
            }

            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException error) when (retry <= retries && IsTransient(error))
            {
                await WaitAsync(request, retry, error.Message, null, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (retry > retries)
                {
                    throw new TimeoutException(
                        $"No response within {settings.InactivityTimeout.TotalSeconds:0} s from {request.RequestUri?.GetLeftPart(UriPartial.Authority)}.");
                }

                await WaitAsync(request, retry, "no response in time", null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (retry > retries || !IsTransient(response.StatusCode))
            {
                return response;
            }

            var retryAfter = response.Headers.RetryAfter;
            string reason = $"HTTP {(int)response.StatusCode}";
            response.Dispose();
            await WaitAsync(request, retry, reason, retryAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static bool IsTransient(HttpStatusCode status)
        => status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    // Name resolution and refused certificates do not heal by waiting.
    private static bool IsTransient(HttpRequestException error)
        => error.HttpRequestError is not (HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.UserAuthenticationError);

    private async Task WaitAsync(HttpRequestMessage request, int retry, string reason, System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter, CancellationToken cancellationToken)
    {
        var delay = RetryDelays.Before(retry, settings.RetryBaseDelay, retryAfter);
        RegistryLog.Retrying(logger, request.Method, request.RequestUri!.GetLeftPart(UriPartial.Path), reason, delay.TotalSeconds, retry);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }
}
