using System.Text.Json;
using Grid.Workflows.Conditions;
using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Registry;

namespace Grid.Workflows.Engine.Execution;

/// <summary>The <c>context</c> that destination conditions read: the latest execution of each task and the input's DICOM tags.</summary>
internal static class ConditionContextFactory
{
    public static ConditionContext Create(WorkflowInstance instance, WorkflowRevision revision) => new()
    {
        CorrelationId = instance.InstanceId,
        WorkflowName = revision.Name,
        WorkflowVersion = revision.Version,
        Executions = instance.Executions
            .GroupBy(e => e.TaskId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Snapshot(g.Last()), StringComparer.Ordinal),
        Dicom = new DicomStudySnapshot
        {
            StudyId = instance.Dicom.StudyId,
            Tags = Tags(instance.Dicom.Tags),
            Series = instance.Dicom.Series.Select(Tags).ToList(),
        },
    };

    private static TaskExecutionSnapshot Snapshot(TaskExecution execution) => new()
    {
        Status = execution.ConditionStatus,
        ErrorMessage = execution.ErrorMessage,
        ExecutionId = execution.ExecutionId,
        StartTime = execution.StartTime,
        EndTime = execution.EndTime,
        Result = execution.Result?.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value)),
    };

    private static IReadOnlyDictionary<DicomTagKey, string> Tags(Dictionary<string, string> tags) =>
        tags.ToDictionary(t => DicomTagKey.Parse(t.Key), t => t.Value);
}
