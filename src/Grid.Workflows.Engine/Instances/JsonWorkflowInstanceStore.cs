using Grid.Workflows.Engine.Storage;

namespace Grid.Workflows.Engine.Instances;

/// <summary>Instances as JSON documents: in memory when <paramref name="folder"/> is null, else one file per instance.</summary>
public sealed class JsonWorkflowInstanceStore(string? folder) : IWorkflowInstanceStore
{
    private readonly JsonDocumentCollection<WorkflowInstance> _documents = new(folder, StoreJson.Options);

    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(_documents.Get(instanceId));

    public Task<IReadOnlyList<WorkflowInstance>> ListAsync(WorkflowInstanceFilter filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkflowInstance>>(_documents.All()
            .Where(filter.Matches)
            .OrderByDescending(i => i.CreatedAt)
            .ThenBy(i => i.InstanceId, StringComparer.Ordinal)
            .ToList());

    public Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken) =>
        _documents.SaveAsync(instance.InstanceId, instance, cancellationToken);
}
