using Grid.Workflows.Engine.Storage;

namespace Grid.Workflows.Engine.Registry;

/// <summary>Workflows as JSON documents: in memory when <paramref name="folder"/> is null, else one file per workflow.</summary>
public sealed class JsonWorkflowStore(string? folder) : IWorkflowStore
{
    private readonly JsonDocumentCollection<WorkflowRecord> _documents = new(folder, StoreJson.Options);

    public Task<WorkflowRecord?> GetAsync(string workflowId, CancellationToken cancellationToken) =>
        Task.FromResult(_documents.Get(workflowId));

    public Task<IReadOnlyList<WorkflowRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_documents.All());

    public Task SaveAsync(WorkflowRecord record, CancellationToken cancellationToken) =>
        _documents.SaveAsync(record.WorkflowId, record, cancellationToken);
}
