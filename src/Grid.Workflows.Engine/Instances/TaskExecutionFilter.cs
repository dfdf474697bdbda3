namespace Grid.Workflows.Engine.Instances;

/// <summary>Which task executions to list; a null or empty field does not filter.</summary>
public sealed record TaskExecutionFilter(string? InstanceId = null, string? WorkflowId = null, string? TaskId = null, IReadOnlyCollection<TaskExecutionStatus>? Statuses = null)
{
    public bool Matches(TaskExecution execution) =>
        (string.IsNullOrEmpty(TaskId) || execution.TaskId == TaskId)
        && (Statuses is null || Statuses.Count == 0 || Statuses.Contains(execution.Status));
}
