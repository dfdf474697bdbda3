namespace Grid.Workflows.Engine.Instances;

/// <summary>
/// One run of one revision of a workflow, on its own grid session. The engine changes it under the instance's
/// lock and saves it after every step; readers get copies from the store.
/// </summary>
public sealed class WorkflowInstance
{
    public required string InstanceId { get; init; }
    public required string WorkflowId { get; init; }
    public required int WorkflowRevision { get; init; }
    public required string WorkflowName { get; init; }
    public WorkflowInstanceStatus Status { get; set; } = WorkflowInstanceStatus.Running;
    public required string SessionId { get; init; }
    public string? AeTitle { get; init; }
    public string? DataOrigin { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? ErrorMessage { get; set; }

    /// <summary>The grid result holding the input files (the artifact <c>{{ context.input }}</c>).</summary>
    public required string InputResultId { get; init; }

    public InputDicom Dicom { get; init; } = new();

    public List<TaskExecution> Executions { get; init; } = [];

    /// <summary>The latest execution of a task, which is what conditions and artifact references read.</summary>
    public TaskExecution? LatestExecutionOf(string taskId) => Executions.LastOrDefault(e => e.TaskId == taskId);
}
