namespace Grid.Workflows.Engine.Instances;

/// <summary>Reads for the status API: instances, and task executions across instances.</summary>
public sealed class WorkflowStatusQueries(IWorkflowInstanceStore store)
{
    public async Task<WorkflowInstance> GetInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        await store.GetAsync(instanceId, cancellationToken).ConfigureAwait(false)
        ?? throw WorkflowRequestException.NotFound($"workflow instance '{instanceId}' does not exist");

    public Task<IReadOnlyList<WorkflowInstance>> ListInstancesAsync(WorkflowInstanceFilter filter, CancellationToken cancellationToken) =>
        store.ListAsync(filter, cancellationToken);

    /// <summary>Matching executions with their instance id, newest instance first, in the order they started.</summary>
    public async Task<IReadOnlyList<(string InstanceId, TaskExecution Execution)>> ListExecutionsAsync(TaskExecutionFilter filter, CancellationToken cancellationToken)
    {
        IReadOnlyList<WorkflowInstance> instances = string.IsNullOrEmpty(filter.InstanceId)
            ? await store.ListAsync(new WorkflowInstanceFilter(filter.WorkflowId), cancellationToken).ConfigureAwait(false)
            : [await GetInstanceAsync(filter.InstanceId, cancellationToken).ConfigureAwait(false)];
        return instances
            .Where(i => string.IsNullOrEmpty(filter.WorkflowId) || i.WorkflowId == filter.WorkflowId)
            .SelectMany(i => i.Executions.Where(filter.Matches).Select(e => (i.InstanceId, e)))
            .ToList();
    }
}
