using Grid.Client;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.References;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Finds the grid results behind a task's input artifacts: <c>context.input</c> is the instance's input, and
/// <c>context.executions.&lt;task&gt;.artifacts.&lt;name&gt;</c> an output of that task's latest execution, if it
/// succeeded and produced it. <c>output_dir</c> and a sub-path need files picked from other artifacts, which
/// <see cref="DerivedArtifacts"/> copies into a new result. A missing optional artifact is left out; a missing
/// mandatory one is an error.
/// </summary>
internal sealed class InputArtifacts(GridClient grid)
{
    public async Task<(IReadOnlyList<ManifestArtifact> Present, string? MissingMandatory)> ResolveAsync(
        WorkflowInstance instance, WorkflowTask task, TaskExecution execution, CancellationToken cancellationToken)
    {
        var present = new List<ManifestArtifact>();
        foreach (var artifact in task.Artifacts?.Input ?? [])
        {
            var (sources, whyMissing) = Find(instance, artifact.Value ?? "", out var reference);
            string? resultId = null;
            if (sources is not null)
            {
                (resultId, whyMissing) = reference!.SubPath is null && sources is [{ Folder: "" } only]
                    ? (only.ResultId, null)
                    : await DerivedArtifacts.CreateAsync(grid.OpenSession(instance.SessionId), $"{task.Id}/{execution.ExecutionId}/input/{artifact.Name}",
                        sources, reference.SubPath, cancellationToken).ConfigureAwait(false);
            }
            if (resultId is not null)
                present.Add(new ManifestArtifact(artifact.Name!, resultId, artifact.Mandatory));
            else if (artifact.Mandatory)
                return (present, $"mandatory input artifact '{artifact.Name}' is missing: {whyMissing}");
        }
        return (present, null);
    }

    private static (IReadOnlyList<ArtifactSource>? Sources, string? WhyMissing) Find(WorkflowInstance instance, string value, out ArtifactReference? reference)
    {
        if (!ArtifactReference.TryParse(value, out reference, out var error)) return (null, error);
        if (reference is WorkflowInputReference) return ([new ArtifactSource(instance.InputResultId, "")], null);
        var taskId = reference switch
        {
            TaskOutputReference output => output.TaskId,
            TaskOutputFolderReference folder => folder.TaskId,
            _ => throw new InvalidOperationException($"unexpected artifact reference {reference}"),
        };
        var execution = instance.LatestExecutionOf(taskId);
        if (execution is null) return (null, $"task '{taskId}' has not run in this instance");
        if (execution.Status != TaskExecutionStatus.Succeeded) return (null, $"task '{taskId}' has not succeeded (it is {execution.ConditionStatus})");
        if (reference is TaskOutputFolderReference)
            return execution.OutputArtifacts.Count > 0
                ? (execution.OutputArtifacts.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new ArtifactSource(o.Value, o.Key + "/")).ToList(), null)
                : (null, $"task '{taskId}' produced no output artifact, so its output_dir is empty");
        var name = ((TaskOutputReference)reference).ArtifactName;
        return execution.OutputArtifacts.TryGetValue(name, out var resultId)
            ? ([new ArtifactSource(resultId, "")], null)
            : (null, $"task '{taskId}' did not produce artifact '{name}'");
    }
}
