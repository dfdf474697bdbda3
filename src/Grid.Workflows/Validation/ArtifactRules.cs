using Grid.Workflows.References;

namespace Grid.Workflows.Validation;

/// <summary>A task's input and output artifacts, and the references their values make to other tasks.</summary>
internal static class ArtifactRules
{
    public static void Check(int taskIndex, WorkflowIndex index, ValidationErrors errors)
    {
        var task = index.Tasks[taskIndex];
        var path = $"$.tasks[{taskIndex}].artifacts";
        CheckList($"{path}.input", task.Artifacts?.Input, task, valueRequired: true, index, errors);
        CheckList($"{path}.output", task.Artifacts?.Output, task, valueRequired: false, index, errors);
    }

    /// <param name="valueRequired">Inputs must say where they come from; an output's value is an optional fixed value.</param>
    public static void CheckList(string path, IReadOnlyList<Artifact>? artifacts, WorkflowTask owner, bool valueRequired,
        WorkflowIndex index, ValidationErrors errors)
    {
        if (artifacts is null) return;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < artifacts.Count; i++)
        {
            var artifact = artifacts[i] ?? new Artifact();
            var itemPath = $"{path}[{i}]";
            if (errors.RequiredText($"{itemPath}.name", artifact.Name, "the artifact name", FieldLimits.Name) && !names.Add(artifact.Name!))
                errors.Add($"{itemPath}.name", $"The artifact name '{artifact.Name}' is used twice in this list.");
            if (string.IsNullOrWhiteSpace(artifact.Value))
            {
                if (valueRequired)
                    errors.Add($"{itemPath}.value", $"An input artifact needs a value saying where it comes from: {ArtifactReference.Forms}.");
                continue;
            }
            if (valueRequired || ArtifactReference.LooksLikeReference(artifact.Value))
                CheckReference($"{itemPath}.value", artifact.Value, owner, index, errors);
        }
    }

    private static void CheckReference(string path, string value, WorkflowTask owner, WorkflowIndex index, ValidationErrors errors)
    {
        if (!ArtifactReference.TryParse(value, out var reference, out var error))
        {
            errors.Add(path, error);
            return;
        }
        if (reference is not TaskOutputReference output) return;
        if (!index.TaskIndexById.ContainsKey(output.TaskId))
            errors.Add(path, $"The value refers to task '{output.TaskId}', which is not in this workflow.");
        else if (output.TaskId == owner.Id)
            errors.Add(path, "A task cannot take its own output artifact as an input.");
        else if (!index.HasOutput(output.TaskId, output.ArtifactName))
            errors.Add(path, $"Task '{output.TaskId}' has no output artifact named '{output.ArtifactName}'.");
    }
}
