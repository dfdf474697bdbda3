namespace Grid.Workflows.Conditions;

/// <summary>A context built from plain objects, for the engine that runs workflows.</summary>
public sealed class ConditionContext : IConditionContext
{
    public string? CorrelationId { get; init; }

    public string? WorkflowName { get; init; }

    public string? WorkflowVersion { get; init; }

    public string? WorkflowDescription { get; init; }

    /// <summary>The executions so far, by task id.</summary>
    public IReadOnlyDictionary<string, TaskExecutionSnapshot> Executions { get; init; } = new Dictionary<string, TaskExecutionSnapshot>();

    public DicomStudySnapshot Dicom { get; init; } = DicomStudySnapshot.Empty;

    public string? StudyId => Dicom.StudyId;

    public ConditionValue GetExecutionField(string taskId, ExecutionField field)
    {
        if (!Executions.TryGetValue(taskId, out var execution)) return ConditionValue.Missing;
        return field switch
        {
            ExecutionField.Status => ConditionValue.FromText(execution.Status),
            ExecutionField.ErrorMessage => ConditionValue.FromText(execution.ErrorMessage),
            ExecutionField.ExecutionId => ConditionValue.FromText(execution.ExecutionId),
            ExecutionField.StartTime => ConditionValue.FromObject(execution.StartTime),
            ExecutionField.EndTime => ConditionValue.FromObject(execution.EndTime),
            ExecutionField.TaskId => ConditionValue.FromText(taskId),
            ExecutionField.TaskType => ConditionValue.FromText(execution.TaskType),
            ExecutionField.PreviousTaskId => ConditionValue.FromText(execution.PreviousTaskId),
            ExecutionField.InputDir => ConditionValue.FromText(execution.InputDir),
            ExecutionField.OutputDir => ConditionValue.FromText(execution.OutputDir),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }

    public ConditionValue GetExecutionData(string taskId, ExecutionData data, IReadOnlyList<string> path)
    {
        if (!Executions.TryGetValue(taskId, out var execution)) return ConditionValue.Missing;
        var root = data switch
        {
            ExecutionData.Result => execution.Result,
            ExecutionData.ExecutionStats => execution.ExecutionStats,
            ExecutionData.Task => execution.Task,
            _ => throw new ArgumentOutOfRangeException(nameof(data)),
        };
        return ConditionValueConversion.Navigate(root, path);
    }

    public ConditionValue GetStudyTag(DicomTagKey tag) =>
        ConditionValue.FromText(Dicom.Tags.GetValueOrDefault(tag));

    public IReadOnlyList<ConditionValue> GetSeriesTag(DicomTagKey tag) =>
        Dicom.Series.Select(series => ConditionValue.FromText(series.GetValueOrDefault(tag))).ToList();
}
