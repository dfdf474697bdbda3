namespace Grid.Workflows.Engine.Instances;

/// <summary>Which instances to list; a null or empty field does not filter.</summary>
public sealed record WorkflowInstanceFilter(string? WorkflowId = null, IReadOnlyCollection<WorkflowInstanceStatus>? Statuses = null, DateTimeOffset? CreatedAfter = null)
{
    public bool Matches(WorkflowInstance instance) =>
        (string.IsNullOrEmpty(WorkflowId) || instance.WorkflowId == WorkflowId)
        && (Statuses is null || Statuses.Count == 0 || Statuses.Contains(instance.Status))
        && (CreatedAfter is null || instance.CreatedAt > CreatedAfter);
}
