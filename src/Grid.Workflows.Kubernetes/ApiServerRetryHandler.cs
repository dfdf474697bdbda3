using System.Net;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// Tries an API request again when the server throttled it (429) or failed for a while (500, 502, 503, 504): after
/// its <c>Retry-After</c> when it sent one, else after a doubling delay, never longer than the configured ceiling, at
/// most the configured number of times. The last answer goes to the caller.
/// </summary>
internal sealed class ApiServerRetryHandler(int maxRetries, TimeSpan maxDelay, ILogger logger) : DelegatingHandler
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!IsTransient(response.StatusCode) || retry > maxRetries) return response;
            var delay = DelayBefore(retry, response);
            KubernetesLog.ApiRequestRetried(logger, request.Method.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, delay, retry, maxRetries);
            response.Dispose();
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan DelayBefore(int retry, HttpResponseMessage response)
    {
        var asked = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        var delay = asked is { } wait && wait >= TimeSpan.Zero
            ? wait
            : FirstDelay * Math.Pow(2, Math.Min(retry - 1, 16)) * (0.8 + Random.Shared.NextDouble() * 0.4);
        return delay < maxDelay ? delay : maxDelay;
    }
}
