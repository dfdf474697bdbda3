namespace Grid.Workflows.Conditions;

/// <summary>A context built from plain objects, for the engine that runs workflows.</summary>
public sealed class ConditionContext : IConditionContext
{
    public string? CorrelationId { get; init; }

    public string? WorkflowName { get; init; }

    public string? WorkflowVersion { get; init; }

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
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }

    public ConditionValue GetExecutionResult(string taskId, IReadOnlyList<string> path) =>
        Executions.TryGetValue(taskId, out var execution)
            ? ConditionValueConversion.Navigate(execution.Result, path)
            : ConditionValue.Missing;

    public ConditionValue GetStudyTag(DicomTagKey tag) =>
        ConditionValue.FromText(Dicom.Tags.GetValueOrDefault(tag));

    public IReadOnlyList<ConditionValue> GetSeriesTag(DicomTagKey tag) =>
        Dicom.Series.Select(series => ConditionValue.FromText(series.GetValueOrDefault(tag))).ToList();
}
