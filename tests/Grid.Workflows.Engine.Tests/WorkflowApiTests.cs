using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grid.Api.V1;
using Grid.Workflows.Engine.Plugins;
using Grpc.Core;

namespace Grid.Workflows.Engine.Tests;

[Collection("workflow-grid")]
public sealed class WorkflowApiTests(WorkflowGridFixture fixture)
{
    // The validator's own test file: a problem of every kind, checked with this manager's plugins (grid, command,
    // argo, kubernetes-job).
    private static readonly string EveryError = WorkflowFiles.Read("every-error.json");

    [Fact]
    public async Task Http_refuses_a_workflow_with_every_kind_of_error_as_a_problem_listing_each_with_its_path()
    {
        using var response = await fixture.Http.PostAsync("/api/workflows", Json(EveryError));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(ExpectedPaths(), paths);
        Assert.All(problem.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
        Assert.Contains("problems", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Grpc_refuses_a_workflow_with_every_kind_of_error_naming_each_path_and_validate_lists_them()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = EveryError }).ResponseAsync);
        var validation = await fixture.Workflows.ValidateWorkflowAsync(new ValidateWorkflowRequest { DefinitionJson = EveryError });

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.All(ExpectedPaths(), path => Assert.Contains(path + ":", refused.Status.Detail));
        Assert.False(validation.Valid);
        Assert.Equal(ExpectedPaths(), validation.Errors.Select(e => e.Path));
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_its_line_and_column()
    {
        using var response = await fixture.Http.PostAsync("/api/workflows", Json("{ \"name\": \"x\",\n  \"tasks\": [ } "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Contains("line 2", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Http_creates_updates_gets_lists_and_deletes_a_workflow()
    {
        var json = WorkflowFiles.ReadAs("body-router.json", "http-crud");

        using var created = await fixture.Http.PostAsync("/api/workflows", Json(json));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflow_id").GetString()!;
        using var updated = await fixture.Http.PutAsync($"/api/workflows/{id}", Json(json.Replace("\"version\": \"1.0\"", "\"version\": \"1.1\"", StringComparison.Ordinal)));
        var latest = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}");
        var first = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/workflows/{id}?revision=1");
        var listed = await fixture.Http.GetFromJsonAsync<JsonElement>("/api/workflows?ae_title=GRID_AET");
        using var deleted = await fixture.Http.DeleteAsync($"/api/workflows/{id}");
        using var afterDelete = await fixture.Http.GetAsync($"/api/workflows/{id}");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(2, latest.GetProperty("revision").GetInt32());
        Assert.Equal("1.1", latest.GetProperty("definition").GetProperty("version").GetString());
        Assert.Equal("1.0", first.GetProperty("version").GetString());
        Assert.Contains(listed.EnumerateArray(), w => w.GetProperty("workflow_id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal("application/problem+json", afterDelete.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Http_triggers_a_workflow_and_lists_its_instance_and_executions_by_status()
    {
        using var created = await fixture.Http.PostAsync("/api/workflows", Json(WorkflowFiles.ReadAs("body-router.json", "http-trigger")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workflow_id").GetString()!;
        var trigger = new
        {
            workflow_ids = new[] { id },
            files = new[] { new { path = "body_parts.txt", data = Encoding.UTF8.GetBytes("chest") } },
            dicom = new { study_id = "http-study", tags = new Dictionary<string, string> { ["0008,0060"] = "CT" } },
        };

        using var triggered = await fixture.Http.PostAsJsonAsync("/api/workflow-triggers", trigger);
        var instanceId = (await triggered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instances")[0].GetProperty("instance_id").GetString()!;
        await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        var instance = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/workflow-instances/{instanceId}");
        var succeeded = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/workflow-instances?workflow_id={id}&status=succeeded");
        var lung = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/task-executions?instance_id={instanceId}&task_id=lung&status=succeeded");
        using var badStatus = await fixture.Http.GetAsync("/api/workflow-instances?status=done");

        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
        Assert.Equal("succeeded", instance.GetProperty("status").GetString());
        Assert.Equal(instanceId, Assert.Single(succeeded.EnumerateArray()).GetProperty("instance_id").GetString());
        var execution = Assert.Single(lung.EnumerateArray()).GetProperty("execution");
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.True(execution.TryGetProperty("end_time", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("'done' is not one of running, succeeded, failed", await badStatus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Grpc_lists_task_executions_filtered_by_status_across_instances()
    {
        var workflowId = (await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = WorkflowFiles.ReadAs("body-router.json", "grpc-status") })).Workflow.WorkflowId;
        var instance = (await fixture.Instances.TriggerWorkflowsAsync(Payloads.Study(workflowId, "grpc-status", "MR", "leg"))).Instances.Single();
        await InstanceWaits.UntilEndedAsync(fixture.Instances, instance.InstanceId);

        var listed = await fixture.Instances.ListTaskExecutionsAsync(new ListTaskExecutionsRequest
        {
            WorkflowId = workflowId,
            Statuses = { TaskExecutionStatus.Succeeded },
        });
        var instances = await fixture.Instances.ListWorkflowInstancesAsync(new ListWorkflowInstancesRequest
        {
            WorkflowId = workflowId,
            Statuses = { WorkflowInstanceStatus.Failed },
        });

        Assert.Equal(["classify", "route", "bone", "export"], listed.Executions.Select(e => e.Execution.TaskId));
        Assert.All(listed.Executions, e => Assert.Equal(instance.InstanceId, e.InstanceId));
        Assert.Empty(instances.Instances);
    }

    private static List<string> ExpectedPaths()
    {
        var parsed = WorkflowDefinition.Parse(EveryError).Definition!;
        var options = new TaskPluginCatalog([new GridWorkerPoolPlugin(), new CommandPlugin(), new ArgoPlugin(), new KubernetesJobPlugin()]).ValidationOptions;
        var paths = WorkflowValidator.Validate(parsed, options).Select(e => e.Path).ToList();
        Assert.True(paths.Count >= 20, $"every-error.json should hold a problem of every kind, found {paths.Count}");
        return paths;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
