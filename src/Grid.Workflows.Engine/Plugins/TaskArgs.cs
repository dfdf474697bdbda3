using System.Text.Json;

namespace Grid.Workflows.Engine.Plugins;

internal static class TaskArgs
{
    /// <summary>A string arg, or null when absent or empty.</summary>
    public static string? String(WorkflowTask task, string name) =>
        task.Args?.TryGetValue(name, out var value) == true && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
