using System.Text.Json;
using System.Text.RegularExpressions;

namespace Grid.Workflows.Validation;

/// <summary>A task's id, type, timeouts and type-specific requirements.</summary>
internal static partial class TaskFieldRules
{
    // Task ids appear inside references (context.executions.<id>.status), so they must be a single path step.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex TaskIdPattern();

    public static void Check(int taskIndex, WorkflowIndex index, ValidationErrors errors)
    {
        var task = index.Tasks[taskIndex];
        var path = $"$.tasks[{taskIndex}]";
        CheckId(taskIndex, index, errors);
        errors.MaxLength($"{path}.description", task.Description, "the task description", FieldLimits.TaskDescription);
        CheckType(task, path, index, errors);
        CheckNumbers(task, path, errors);
    }

    private static void CheckId(int taskIndex, WorkflowIndex index, ValidationErrors errors)
    {
        var id = index.Tasks[taskIndex].Id;
        var path = $"$.tasks[{taskIndex}].id";
        if (!errors.RequiredText(path, id, "the task id", FieldLimits.TaskId)) return;
        if (!TaskIdPattern().IsMatch(id!))
            errors.Add(path, $"The task id '{id}' may only contain letters, digits, '_' and '-', and must start with a letter or digit.");
        if (!index.IsFirstWithItsId(taskIndex))
            errors.Add(path, $"The task id '{id}' is already used by $.tasks[{index.TaskIndexById[id!]}].");
    }

    private static void CheckType(WorkflowTask task, string path, WorkflowIndex index, ValidationErrors errors)
    {
        if (!errors.RequiredText($"{path}.type", task.Type, "the task type", int.MaxValue)) return;
        switch (index.KindOf(task))
        {
            case TaskKind.Unknown:
                var known = string.Join(", ", new[] { "router", "export" }.Concat(index.PluginNames));
                errors.Add($"{path}.type", $"The task type '{task.Type}' is unknown; the known types are {known}.");
                break;
            case TaskKind.Export:
                CheckExportTask(task, path, errors);
                break;
            case TaskKind.Plugin:
                CheckPluginArgs(task, path, index.PluginOf(task)!, errors);
                break;
        }
    }

    private static void CheckExportTask(WorkflowTask task, string path, ValidationErrors errors)
    {
        if (task.ExportDestinations is null || task.ExportDestinations.Count == 0)
            errors.Add($"{path}.export_destinations", "An export task needs at least one export destination.");
        if (task.Artifacts?.Input is null || task.Artifacts.Input.Count == 0)
            errors.Add($"{path}.artifacts.input", "An export task needs at least one input artifact to export.");
        if (task.Artifacts?.Output is { Count: > 0 })
            errors.Add($"{path}.artifacts.output", "An export task produces no output artifacts; remove this list.");
    }

    private static void CheckPluginArgs(WorkflowTask task, string path, TaskPluginType plugin, ValidationErrors errors)
    {
        foreach (var name in plugin.RequiredArgs)
        {
            var present = task.Args is not null && task.Args.TryGetValue(name, out var value)
                && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                && !(value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()));
            if (!present)
                errors.Add($"{path}.args.{name}", $"A {plugin.Name} task needs args.{name}.");
        }
    }

    private static void CheckNumbers(WorkflowTask task, string path, ValidationErrors errors)
    {
        if (task.TimeoutMinutes < 1 && task.TimeoutMinutes != MonaiNoTimeout.Value)
            errors.Add($"{path}.timeout_minutes", "The timeout must be at least 1 minute, or -1 for no timeout.");
        if (task.TimeoutRetries is not null && task.Retries is not null)
            errors.Add($"{path}.retries", "Give either timeout_retries or retries, not both.");
        if (task.TimeoutRetries < 0)
            errors.Add($"{path}.timeout_retries", "The number of retries cannot be negative.");
        if (task.Retries < 0)
            errors.Add($"{path}.retries", "The number of retries cannot be negative.");
    }
}
