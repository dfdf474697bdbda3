using Grid.Workflows.Conditions;

namespace Grid.Workflows.Validation;

/// <summary>Where a task's output goes: the tasks it leads to (with their conditions) and its export destinations.</summary>
internal static class DestinationRules
{
    public static void Check(int taskIndex, WorkflowIndex index, ValidationErrors errors)
    {
        var task = index.Tasks[taskIndex];
        var path = $"$.tasks[{taskIndex}]";
        var destinations = task.TaskDestinations ?? [];
        for (var i = 0; i < destinations.Count; i++)
            CheckTaskDestination($"{path}.task_destinations[{i}]", destinations[i] ?? new TaskDestination(), index, errors);
        var exports = task.ExportDestinations ?? [];
        for (var i = 0; i < exports.Count; i++)
            CheckExportDestination($"{path}.export_destinations[{i}]", exports[i] ?? new ExportDestination(), task, index, errors);
    }

    private static void CheckTaskDestination(string path, TaskDestination destination, WorkflowIndex index, ValidationErrors errors)
    {
        var name = destination.Name;
        if (errors.RequiredText($"{path}.name", name, "the destination name", FieldLimits.Name) && !index.TaskIndexById.ContainsKey(name!))
        {
            errors.Add($"{path}.name", index.ExportDestinations.Contains(name!)
                ? $"'{name}' is an export destination, not a task; list it under export_destinations."
                : $"No task has the id '{name}'.");
        }
        var conditions = destination.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
            CheckCondition($"{path}.conditions[{i}]", conditions[i] ?? "", index, errors);
    }

    private static void CheckCondition(string path, string text, WorkflowIndex index, ValidationErrors errors)
    {
        errors.MaxLength(path, text, "the condition", FieldLimits.Condition);
        var condition = Condition.Parse(text);
        if (condition.SyntaxError is { } syntaxError)
        {
            errors.Add(path, $"The condition is not valid at position {syntaxError.Position}: {syntaxError.Message}");
            return;
        }
        foreach (var reference in condition.References.OfType<TaskExecutionReference>())
        {
            if (!index.TaskIndexById.ContainsKey(reference.TaskId))
                errors.Add(path, $"The condition reads task '{reference.TaskId}' (position {reference.Position}), which is not in this workflow.");
        }
    }

    private static void CheckExportDestination(string path, ExportDestination destination, WorkflowTask owner, WorkflowIndex index,
        ValidationErrors errors)
    {
        var name = destination.Name;
        if (errors.RequiredText($"{path}.name", name, "the export destination name", FieldLimits.Name) && !index.ExportDestinations.Contains(name!))
            errors.Add($"{path}.name", $"The informatics gateway declares no export destination '{name}'.");
        ArtifactRules.CheckList($"{path}.artifacts", destination.Artifacts, owner, valueRequired: false, index, errors);
    }
}
