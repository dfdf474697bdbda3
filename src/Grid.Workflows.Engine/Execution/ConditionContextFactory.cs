using System.Text.Json;
using Grid.Workflows.Conditions;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Registry;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// The <c>context</c> that destination conditions read: the workflow, the latest execution of each task (with its
/// task's definition as written) and the input's DICOM tags.
/// </summary>
internal static class ConditionContextFactory
{
    public static ConditionContext Create(WorkflowInstance instance, WorkflowRevision revision)
    {
        var definitions = TaskDefinitions(revision.DefinitionJson);
        return new ConditionContext
        {
            CorrelationId = instance.InstanceId,
            WorkflowName = revision.Name,
            WorkflowVersion = revision.Version,
            WorkflowDescription = revision.Definition.Description,
            Executions = instance.Executions
                .GroupBy(e => e.TaskId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Snapshot(instance, g.Last(), definitions.GetValueOrDefault(g.Key)), StringComparer.Ordinal),
            Dicom = new DicomStudySnapshot
            {
                StudyId = instance.Dicom.StudyId,
                Tags = Tags(instance.Dicom.Tags),
                Series = instance.Dicom.Series.Select(Tags).ToList(),
            },
        };
    }

    // input_dir and output_dir name where the execution's artifacts live: the prefix of its grid results' names.
    private static TaskExecutionSnapshot Snapshot(WorkflowInstance instance, TaskExecution execution, JsonElement? definition) => new()
    {
        Status = execution.ConditionStatus,
        ErrorMessage = execution.ErrorMessage,
        ExecutionId = execution.ExecutionId,
        StartTime = execution.StartTime,
        EndTime = execution.EndTime,
        TaskType = execution.TaskType,
        PreviousTaskId = instance.Executions.FirstOrDefault(e => e.ExecutionId == execution.PreviousExecutionId)?.TaskId,
        InputDir = $"{execution.TaskId}/{execution.ExecutionId}/input",
        OutputDir = $"{execution.TaskId}/{execution.ExecutionId}/output",
        Result = Elements(execution.Result),
        ExecutionStats = Elements(execution.ExecutionStats),
        Task = definition,
    };

    private static Dictionary<string, object?>? Elements(System.Text.Json.Nodes.JsonObject? values) =>
        values?.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value));

    private static Dictionary<string, JsonElement> TaskDefinitions(string definitionJson)
    {
        using var document = JsonDocument.Parse(definitionJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var tasks = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!document.RootElement.TryGetProperty("tasks", out var list) || list.ValueKind != JsonValueKind.Array) return tasks;
        foreach (var task in list.EnumerateArray())
        {
            if (task.ValueKind == JsonValueKind.Object && task.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                tasks.TryAdd(id.GetString()!, task.Clone());
        }
        return tasks;
    }

    private static IReadOnlyDictionary<DicomTagKey, string> Tags(Dictionary<string, string> tags) =>
        tags.ToDictionary(t => DicomTagKey.Parse(t.Key), t => t.Value);
}
