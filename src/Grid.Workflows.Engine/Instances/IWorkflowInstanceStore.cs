namespace Grid.Workflows.Engine.Instances;

/// <summary>Where workflow instances and their executions are kept; every read returns a copy.</summary>
public interface IWorkflowInstanceStore
{
    Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Matching instances, newest first.</summary>
    Task<IReadOnlyList<WorkflowInstance>> ListAsync(WorkflowInstanceFilter filter, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the instance.</summary>
    Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken);
}
