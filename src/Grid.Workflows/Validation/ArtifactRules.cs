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
        var (taskId, artifactName) = reference switch
        {
            TaskOutputReference output => (output.TaskId, output.ArtifactName),
            TaskOutputFolderReference folder => (folder.TaskId, null),
            _ => (null, null),
        };
        if (taskId is null) return;
        if (!index.TaskIndexById.ContainsKey(taskId))
            errors.Add(path, $"The value refers to task '{taskId}', which is not in this workflow.");
        else if (taskId == owner.Id)
            errors.Add(path, "A task cannot take its own output artifact as an input.");
        else if (artifactName is not null && !index.HasOutput(taskId, artifactName))
            errors.Add(path, $"Task '{taskId}' has no output artifact named '{artifactName}'.");
        else if (artifactName is null && !index.HasOutputs(taskId))
            errors.Add(path, $"Task '{taskId}' declares no output artifacts, so its output_dir is always empty.");
    }
}
