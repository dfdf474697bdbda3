using Grid.Workflows.Engine.Plugins;

namespace Grid.Workflows.Engine.Registry;

/// <summary>
/// Registers workflows with revisions: create, update (a new revision; the old ones stay for the instances that run
/// on them), get, list, delete (soft: revisions stay readable), validate. Writes are serialised.
/// </summary>
public sealed class WorkflowRegistry(IWorkflowStore store, TaskPluginCatalog plugins, TimeProvider clock)
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Every problem of the JSON text, each with its path; empty when the workflow can be registered.</summary>
    public IReadOnlyList<WorkflowValidationError> Validate(string? definitionJson) => Read(definitionJson).Errors;

    public async Task<WorkflowRevision> CreateAsync(string? definitionJson, CancellationToken cancellationToken)
    {
        var definition = ReadValid(definitionJson);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureNameFreeAsync(definition.Name!, null, cancellationToken).ConfigureAwait(false);
            var id = "wf-" + Guid.NewGuid().ToString("N")[..12];
            var revision = NewRevision(id, 1, definition, definitionJson!);
            await store.SaveAsync(new WorkflowRecord(id, [revision]), cancellationToken).ConfigureAwait(false);
            return revision;
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<WorkflowRevision> UpdateAsync(string workflowId, string? definitionJson, CancellationToken cancellationToken)
    {
        var definition = ReadValid(definitionJson);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await GetLiveAsync(workflowId, cancellationToken).ConfigureAwait(false);
            await EnsureNameFreeAsync(definition.Name!, workflowId, cancellationToken).ConfigureAwait(false);
            var revision = NewRevision(workflowId, record.Latest.Revision + 1, definition, definitionJson!);
            await store.SaveAsync(record with { Revisions = [.. record.Revisions, revision] }, cancellationToken).ConfigureAwait(false);
            return revision;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>The latest revision of a live workflow, or the given <paramref name="revision"/> (deleted workflows included).</summary>
    public async Task<WorkflowRevision> GetAsync(string workflowId, int? revision, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(workflowId, cancellationToken).ConfigureAwait(false)
            ?? throw WorkflowRequestException.NotFound($"workflow '{workflowId}' does not exist");
        if (revision is null or 0)
            return record.IsDeleted ? throw WorkflowRequestException.NotFound($"workflow '{workflowId}' was deleted") : record.Latest;
        return record.Revisions.FirstOrDefault(r => r.Revision == revision)
            ?? throw WorkflowRequestException.NotFound($"workflow '{workflowId}' has no revision {revision} (latest: {record.Latest.Revision})");
    }

    public async Task<WorkflowRecord?> FindAsync(string workflowId, CancellationToken cancellationToken) =>
        await store.GetAsync(workflowId, cancellationToken).ConfigureAwait(false);

    /// <summary>Workflows ordered by name; <paramref name="aeTitle"/> keeps those triggered by that AE title.</summary>
    public async Task<IReadOnlyList<WorkflowRecord>> ListAsync(string? aeTitle, bool includeDeleted, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return all
            .Where(r => includeDeleted || !r.IsDeleted)
            .Where(r => string.IsNullOrEmpty(aeTitle) || r.Latest.Definition.InformaticsGateway?.AeTitle == aeTitle)
            .OrderBy(r => r.Latest.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.WorkflowId, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<WorkflowRecord> DeleteAsync(string workflowId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await GetLiveAsync(workflowId, cancellationToken).ConfigureAwait(false);
            var deleted = record with { DeletedAt = clock.GetUtcNow() };
            await store.SaveAsync(deleted, cancellationToken).ConfigureAwait(false);
            return deleted;
        }
        finally
        {
            _writes.Release();
        }
    }

    private (WorkflowDefinition? Definition, IReadOnlyList<WorkflowValidationError> Errors) Read(string? definitionJson)
    {
        if (string.IsNullOrWhiteSpace(definitionJson))
            return (null, [new WorkflowValidationError("$", "The workflow definition is empty; send the workflow as a JSON object.")]);
        var parsed = WorkflowDefinition.Parse(definitionJson);
        if (!parsed.Succeeded)
        {
            var where = parsed.Error.Line is null ? "" : $" (line {parsed.Error.Line}, column {parsed.Error.Column})";
            return (null, [new WorkflowValidationError(parsed.Error.Path, $"The JSON could not be read{where}: {parsed.Error.Message}")]);
        }
        return (parsed.Definition, WorkflowValidator.Validate(parsed.Definition, plugins.ValidationOptions));
    }

    private WorkflowDefinition ReadValid(string? definitionJson)
    {
        var (definition, errors) = Read(definitionJson);
        if (errors.Count > 0)
            throw WorkflowRequestException.Invalid($"the workflow has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}", errors);
        return definition!;
    }

    private async Task<WorkflowRecord> GetLiveAsync(string workflowId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(workflowId, cancellationToken).ConfigureAwait(false);
        if (record is null) throw WorkflowRequestException.NotFound($"workflow '{workflowId}' does not exist");
        if (record.IsDeleted) throw WorkflowRequestException.NotFound($"workflow '{workflowId}' was deleted");
        return record;
    }

    private async Task EnsureNameFreeAsync(string name, string? exceptWorkflowId, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var holder = all.FirstOrDefault(r => !r.IsDeleted && r.WorkflowId != exceptWorkflowId
            && string.Equals(r.Latest.Name, name, StringComparison.OrdinalIgnoreCase));
        if (holder is not null)
            throw new WorkflowRequestException(WorkflowRequestFailure.Conflict,
                $"a workflow named '{name}' is already registered as '{holder.WorkflowId}'; update it instead",
                [new WorkflowValidationError("$.name", $"The name '{name}' is already used by workflow '{holder.WorkflowId}'.")]);
    }

    private WorkflowRevision NewRevision(string id, int number, WorkflowDefinition definition, string json) =>
        new(id, number, definition.Name!, definition.Version!, json, clock.GetUtcNow());
}
