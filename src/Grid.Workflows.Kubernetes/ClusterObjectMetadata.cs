using System.Globalization;
using System.Text.Json.Nodes;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The labels and annotations every object the grid creates carries: a label to find them all, and annotations
/// saying which workflow instance, task, execution and attempt it runs (annotations take any value; labels do not).
/// </summary>
internal static class ClusterObjectMetadata
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "grid";

    public static Dictionary<string, string> Labels() => new() { [ManagedByLabel] = ManagedBy };

    public static Dictionary<string, string> Annotations(WorkflowTaskManifest manifest, int attempt) => new()
    {
        ["grid/workflow-id"] = manifest.WorkflowId,
        ["grid/instance-id"] = manifest.InstanceId,
        ["grid/task-id"] = manifest.TaskId,
        ["grid/execution-id"] = manifest.ExecutionId,
        ["grid/attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
    };

    public static JsonObject ToJson(Dictionary<string, string> values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value))));
}
