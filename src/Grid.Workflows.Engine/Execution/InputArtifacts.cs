using Grid.Workflows.Engine.Instances;
using Grid.Workflows.References;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Finds the grid results behind a task's input artifacts: <c>context.input</c> is the instance's input, and
/// <c>context.executions.&lt;task&gt;.artifacts.&lt;name&gt;</c> an output of that task's latest execution, if it
/// succeeded and produced it. A missing optional artifact is left out; a missing mandatory one is an error.
/// </summary>
internal static class InputArtifacts
{
    public static (IReadOnlyList<ManifestArtifact> Present, string? MissingMandatory) Resolve(WorkflowInstance instance, WorkflowTask task)
    {
        var present = new List<ManifestArtifact>();
        foreach (var artifact in task.Artifacts?.Input ?? [])
        {
            var (resultId, whyMissing) = Find(instance, artifact.Value ?? "");
            if (resultId is not null)
                present.Add(new ManifestArtifact(artifact.Name!, resultId, artifact.Mandatory));
            else if (artifact.Mandatory)
                return (present, $"mandatory input artifact '{artifact.Name}' is missing: {whyMissing}");
        }
        return (present, null);
    }

    private static (string? ResultId, string? WhyMissing) Find(WorkflowInstance instance, string value)
    {
        if (!ArtifactReference.TryParse(value, out var reference, out var error)) return (null, error);
        if (reference is WorkflowInputReference) return (instance.InputResultId, null);
        var output = (TaskOutputReference)reference;
        var execution = instance.LatestExecutionOf(output.TaskId);
        if (execution is null) return (null, $"task '{output.TaskId}' has not run in this instance");
        if (execution.Status != TaskExecutionStatus.Succeeded) return (null, $"task '{output.TaskId}' has not succeeded (it is {execution.ConditionStatus})");
        return execution.OutputArtifacts.TryGetValue(output.ArtifactName, out var resultId)
            ? (resultId, null)
            : (null, $"task '{output.TaskId}' did not produce artifact '{output.ArtifactName}'");
    }
}
