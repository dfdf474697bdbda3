using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grid.Core.Api;

/// <summary>
/// Names <c>Grid:Limits:MaxMessageSize</c> when gRPC refuses a message beyond it. gRPC checks the size
/// while reading the request, before any interceptor runs, and answers RESOURCE_EXHAUSTED with a message
/// that names no setting; this middleware rewrites that message once the call has ended.
/// </summary>
internal sealed class MessageSizeRefusal(int maxMessageSize) : IStartupFilter
{
    // The detail gRPC gives for a received or sent message beyond the configured size.
    private const string GrpcDetail = "message exceeds the maximum configured message size";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, call) =>
        {
            await call(context).ConfigureAwait(false);
            NameTheLimit(context);
        });
        next(app);
    };

    private void NameTheLimit(HttpContext context)
    {
        // An error before the first response message is sent "trailers-only": the status is in the headers.
        var status = context.Response.HasStarted ? context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers : context.Response.Headers;
        if (status is null || status.IsReadOnly) return;
        if (status["grpc-status"] != ((int)StatusCode.ResourceExhausted).ToString()) return;
        var detail = status["grpc-message"].ToString();
        if (!detail.Contains(GrpcDetail, StringComparison.Ordinal)) return;
        var direction = detail.StartsWith("Sending", StringComparison.Ordinal) ? "response" : "request";
        status["grpc-message"] = $"the {direction} message is larger than the limit of {maxMessageSize} bytes ({GridLimits.Setting(nameof(GridLimits.MaxMessageSize))})";
    }
}
