namespace Grid.Workflows.Engine.Registry;

/// <summary>Where registered workflows are kept. The registry serialises writes; a store only keeps documents.</summary>
public interface IWorkflowStore
{
    Task<WorkflowRecord?> GetAsync(string workflowId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkflowRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the record.</summary>
    Task SaveAsync(WorkflowRecord record, CancellationToken cancellationToken);
}
