using System.Text.Json;
using Grid.Workflows.Dicom.Export;
using Grid.Workflows.Engine;
using Grid.Workflows.Engine.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Workflows.Dicom.Api;

/// <summary>
/// The export destinations over HTTP/JSON, beside the workflow API: <c>GET /api/dicom-destinations</c>,
/// <c>GET|PUT|DELETE /api/dicom-destinations/{name}</c> (PUT body: <c>{ "ae_title", "host", "port" }</c>).
/// </summary>
public static class DicomDestinationHttpEndpoints
{
    public sealed record DestinationBody(string? AeTitle, string? Host, int? Port);

    public static IEndpointRouteBuilder MapDicomDestinationHttpApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/dicom-destinations").AddEndpointFilter<ProblemResponses>();
        api.MapGet("", (DicomDestinationRegistry registry) => Json(registry.List()));
        api.MapGet("/{name}", (string name, DicomDestinationRegistry registry) => Json(registry.Get(name)));
        api.MapPut("/{name}", async (string name, HttpRequest request, DicomDestinationRegistry registry) =>
        {
            var body = await ReadAsync(request);
            return Json(await registry.PutAsync(new DicomDestination(name, body.AeTitle ?? "", body.Host ?? "", body.Port ?? 0), request.HttpContext.RequestAborted));
        });
        api.MapDelete("/{name}", async (string name, DicomDestinationRegistry registry, CancellationToken ct) => Json(await registry.DeleteAsync(name, ct)));
        return endpoints;
    }

    private static IResult Json(object value) => Results.Json(value, HttpJson.Options);

    private static async Task<DestinationBody> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<DestinationBody>(request.Body, HttpJson.Options, request.HttpContext.RequestAborted)
                ?? throw WorkflowRequestException.Invalid("the body is empty; send { \"ae_title\", \"host\", \"port\" }");
        }
        catch (JsonException e)
        {
            throw WorkflowRequestException.Invalid("the body is not valid JSON", [new WorkflowValidationError(e.Path ?? "$", e.Message)]);
        }
    }
}
