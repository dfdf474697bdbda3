using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grid.Api.V1;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>Registers a workflow of the given tasks and starts it on a small "study" of files.</summary>
internal static class TestWorkflows
{
    public static async Task<string> RegisterAsync(KubernetesGridFixture fixture, string name, JsonArray tasks)
    {
        var definition = new JsonObject
        {
            // Workflow names are short (15 characters) and unique in the registry: the test's name goes in the description.
            ["name"] = $"wf-{Guid.NewGuid():N}"[..15],
            ["version"] = "1.0",
            ["description"] = $"{name}: runs tasks on the Kubernetes API stand-in.",
            ["informatics_gateway"] = new JsonObject
            {
                ["ae_title"] = "GRID_AET",
                ["data_origins"] = new JsonArray("MODALITY_A"),
                ["export_destinations"] = new JsonArray("RESULTS"),
            },
            ["tasks"] = tasks,
        };
        var response = await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = definition.ToJsonString() });
        return response.Workflow.WorkflowId;
    }

    public static async Task<string> TriggerAsync(KubernetesGridFixture fixture, string workflowId, IReadOnlyDictionary<string, string>? files = null)
    {
        var request = new TriggerWorkflowsRequest
        {
            WorkflowIds = { workflowId },
            Dicom = new DicomMetadata { StudyId = "study-1", Tags = { ["0008,0060"] = "CT" } },
        };
        foreach (var (path, text) in files ?? new Dictionary<string, string> { ["series1/slice1.dcm"] = "slice 1" })
            request.Files.Add(new InputFile { Path = path, Data = ByteString.CopyFrom(text, Encoding.UTF8) });
        return Assert.Single((await fixture.Instances.TriggerWorkflowsAsync(request)).Instances).InstanceId;
    }

    /// <summary>Waits for the object the instance's task created in the stand-in.</summary>
    public static Task<JsonObject> CreatedForAsync(KubernetesGridFixture fixture, string instanceId, string kind) =>
        fixture.Api.WaitAsync(api => api.Created.LastOrDefault(o =>
                (string?)o["kind"] == kind && (string?)o["metadata"]?["annotations"]?["grid/instance-id"] == instanceId),
            $"a {kind} of instance {instanceId}");

    public static string NameOf(JsonObject item) => (string)item["metadata"]!["name"]!;

    public static JsonObject Status(string phase, string? message = null) =>
        message is null ? new JsonObject { ["phase"] = phase } : new JsonObject { ["phase"] = phase, ["message"] = message };
}
