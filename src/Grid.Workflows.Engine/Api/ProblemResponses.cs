using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Grid.Workflows.Engine.Api;

/// <summary>
/// Errors of the HTTP API as RFC 7807 problem details. A refused workflow lists every problem under <c>errors</c>,
/// each with its JSON path and message.
/// </summary>
internal sealed class ProblemResponses : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (WorkflowRequestException e)
        {
            var (status, title) = e.Failure switch
            {
                WorkflowRequestFailure.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                WorkflowRequestFailure.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                _ => (StatusCodes.Status400BadRequest, "Invalid request"),
            };
            return Problem(status, title, e.Message, e.Errors);
        }
        catch (RpcException e)
        {
            return Problem(StatusCodes.Status502BadGateway, "The grid refused the request or could not be reached", $"{e.StatusCode}: {e.Status.Detail}", []);
        }
    }

    public static IResult Problem(int status, string title, string detail, IReadOnlyList<WorkflowValidationError> errors)
    {
        var extensions = new Dictionary<string, object?>();
        if (errors.Count > 0)
            extensions["errors"] = errors.Select(e => new Dictionary<string, string> { ["path"] = e.Path, ["message"] = e.Message }).ToList();
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
