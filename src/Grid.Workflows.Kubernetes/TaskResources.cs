using System.Globalization;
using System.Text.Json;
using Grid.Worker;
using k8s.Models;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The specification's resource request of a task (<c>"resources": { "cpu": 2, "memory": "4Gi", "gpu": 1 }</c>) as
/// container requests and limits (the same quantities for both; a GPU is <c>nvidia.com/gpu</c>). A field left out is
/// left to the cluster's defaults.
/// </summary>
internal static class TaskResources
{
    public const string GpuResource = "nvidia.com/gpu";

    /// <summary>Resource name to quantity; empty when the task asks for nothing.</summary>
    public static IReadOnlyDictionary<string, string> Read(JsonElement? resources, string taskId)
    {
        var quantities = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resources is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value) return quantities;
        if (value.ValueKind != JsonValueKind.Object)
            throw new TaskFailedException($"task '{taskId}': resources must be an object such as {{ \"cpu\": 1, \"memory\": \"2Gi\", \"gpu\": 1 }}");
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "cpu":
                    quantities["cpu"] = Quantity(field.Value, taskId, "cpu", "1, 0.5 or 500m");
                    break;
                case "memory":
                    // A bare number would be bytes to Kubernetes, which is never what a workflow author means.
                    if (field.Value.ValueKind != JsonValueKind.String)
                        throw new TaskFailedException($"task '{taskId}': resources.memory must be a quantity with its unit, such as \"512Mi\" or \"4Gi\", not {field.Value.GetRawText()}");
                    quantities["memory"] = Quantity(field.Value, taskId, "memory", "512Mi or 4Gi");
                    break;
                case "gpu":
                    if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetInt32(out var gpus) || gpus < 0)
                        throw new TaskFailedException($"task '{taskId}': resources.gpu must be a whole number of GPUs, not {field.Value.GetRawText()}");
                    if (gpus > 0) quantities[GpuResource] = gpus.ToString(CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new TaskFailedException($"task '{taskId}': resources.{field.Name} is not a resource this task type understands (cpu, memory, gpu)");
            }
        }
        return quantities;
    }

    private static string Quantity(JsonElement value, string taskId, string name, string examples)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString() ?? "",
            _ => "",
        };
        try
        {
            if (text.Length > 0) return new ResourceQuantity(text).ToString();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
        }
        throw new TaskFailedException($"task '{taskId}': resources.{name} {value.GetRawText()} is not a Kubernetes quantity (for example {examples})");
    }
}
