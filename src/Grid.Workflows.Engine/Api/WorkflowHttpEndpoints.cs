using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Registry;
using Grid.Workflows.Worker.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Grid.Workflows.Engine.Api;

/// <summary>
/// The HTTP/JSON face of the workflow manager, under <c>/api</c>: the registry (<c>/api/workflows</c>), triggers
/// (<c>/api/workflow-triggers</c>) and status (<c>/api/workflow-instances</c>, <c>/api/task-executions</c>).
/// </summary>
public static class WorkflowHttpEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowHttpApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").AddEndpointFilter<ProblemResponses>();

        api.MapPost("/workflows", async (HttpRequest request, WorkflowRegistry registry) =>
        {
            var revision = await registry.CreateAsync(await ReadBodyAsync(request), request.HttpContext.RequestAborted);
            return Results.Json(WorkflowDocument.From(revision, null), HttpJson.Options, statusCode: StatusCodes.Status201Created);
        });
        api.MapPut("/workflows/{workflowId}", async (string workflowId, HttpRequest request, WorkflowRegistry registry) =>
            Json(WorkflowDocument.From(await registry.UpdateAsync(workflowId, await ReadBodyAsync(request), request.HttpContext.RequestAborted), null)));
        api.MapGet("/workflows/{workflowId}", async (string workflowId, int? revision, WorkflowRegistry registry, CancellationToken ct) =>
        {
            var found = await registry.GetAsync(workflowId, revision, ct);
            return Json(WorkflowDocument.From(found, (await registry.FindAsync(workflowId, ct))?.DeletedAt));
        });
        api.MapGet("/workflows", async (string? ae_title, bool? include_deleted, WorkflowRegistry registry, CancellationToken ct) =>
            Json((await registry.ListAsync(ae_title, include_deleted ?? false, ct)).Select(r => WorkflowDocument.From(r.Latest, r.DeletedAt)).ToList()));
        api.MapDelete("/workflows/{workflowId}", async (string workflowId, WorkflowRegistry registry, CancellationToken ct) =>
        {
            var deleted = await registry.DeleteAsync(workflowId, ct);
            return Json(WorkflowDocument.From(deleted.Latest, deleted.DeletedAt));
        });
        api.MapPost("/workflows/validate", async (HttpRequest request, WorkflowRegistry registry) =>
        {
            var errors = registry.Validate(await ReadBodyAsync(request));
            return Json(new ValidationDocument(errors.Count == 0, errors));
        });

        api.MapPost("/workflow-triggers", async (HttpRequest request, WorkflowEngine engine) =>
        {
            var body = await ReadTriggerAsync(request);
            var started = await engine.TriggerAsync(ToPayload(body), request.HttpContext.RequestAborted);
            return Results.Json(new TriggerResultDocument(started), HttpJson.Options, statusCode: StatusCodes.Status201Created);
        });
        api.MapGet("/workflow-instances/{instanceId}", async (string instanceId, WorkflowStatusQueries status, CancellationToken ct) =>
            Json(await status.GetInstanceAsync(instanceId, ct)));
        api.MapGet("/workflow-instances", async (string? workflow_id, string? status, DateTimeOffset? created_after, WorkflowStatusQueries queries, CancellationToken ct) =>
            Json(await queries.ListInstancesAsync(new WorkflowInstanceFilter(workflow_id, ParseStatuses<WorkflowInstanceStatus>(status), created_after), ct)));
        api.MapGet("/task-executions", async (string? instance_id, string? workflow_id, string? task_id, string? status, WorkflowStatusQueries queries, CancellationToken ct) =>
        {
            var filter = new TaskExecutionFilter(instance_id, workflow_id, task_id, ParseStatuses<TaskExecutionStatus>(status));
            return Json((await queries.ListExecutionsAsync(filter, ct)).Select(e => new TaskExecutionDocument(e.InstanceId, e.Execution)).ToList());
        });
        return endpoints;
    }

    private static IResult Json(object value) => Results.Json(value, HttpJson.Options);

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    private static async Task<TriggerDocument> ReadTriggerAsync(HttpRequest request)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<TriggerDocument>(await ReadBodyAsync(request), HttpJson.Options)
                ?? throw WorkflowRequestException.Invalid("the trigger body is empty; send a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw WorkflowRequestException.Invalid("the trigger body is not valid JSON", [new WorkflowValidationError(e.Path ?? "$", e.Message)]);
        }
    }

    private static TriggerPayload ToPayload(TriggerDocument body) => new()
    {
        AeTitle = body.AeTitle,
        DataOrigin = body.DataOrigin,
        WorkflowIds = body.WorkflowIds ?? [],
        Files = (body.Files ?? []).Select(f => new ArtifactFile(f.Path ?? "", f.Data ?? [])).ToList(),
        Dicom = new InputDicom
        {
            StudyId = body.Dicom?.StudyId,
            Tags = body.Dicom?.Tags ?? new(),
            Series = (body.Dicom?.Series ?? []).Select(s => s.Tags ?? new()).ToList(),
        },
    };

    /// <summary>"running,failed" to statuses; a word that is not a status is refused, naming the ones that are.</summary>
    private static List<T> ParseStatuses<T>(string? text) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var statuses = new List<T>();
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<T>(word, ignoreCase: true, out var status) || int.TryParse(word, out _))
                throw WorkflowRequestException.Invalid($"status: '{word}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
            statuses.Add(status);
        }
        return statuses;
    }
}
