using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.MongoDb.Documents;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

internal sealed class MongoResultTable(MongoGridCollections collections) : IResultTable
{
    private static readonly FilterDefinitionBuilder<ResultDocument> Filter = Builders<ResultDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<ResultDocument> Update = Builders<ResultDocument>.Update;

    public Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken) =>
        AllOrNothingInsert.InsertAsync(collections.Results, results.Select(ResultDocument.From).ToList(), d => d.Id, "result", cancellationToken);

    public async Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return [];
        var documents = await collections.Results.Find(Filter.In(r => r.Id, resultIds)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return documents.Select(d => d.ToRecord()).ToList();
    }

    public Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken)
    {
        var where = Filter.Empty;
        if (filter.SessionId is not null) where &= Filter.Eq(r => r.SessionId, filter.SessionId);
        if (filter.Statuses.Count > 0) where &= Filter.In(r => r.Status, filter.Statuses.Select(s => (int)s));
        if (filter.Name is not null) where &= Filter.Eq(r => r.Name, filter.Name);
        if (filter.OwnerTaskId is not null) where &= Filter.Eq(r => r.OwnerTaskId, filter.OwnerTaskId);
        var sortField = page.SortBy switch
        {
            ResultSort.Name => "name",
            ResultSort.Status => "status",
            ResultSort.Size => "size",
            _ => "created",
        };
        return MongoPaging.ReadAsync(collections.Results, where, page, sortField, d => d.ToRecord(), cancellationToken);
    }

    public async Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken)
    {
        if (owners.Count == 0) return;
        var updates = owners.Select(o => new UpdateOneModel<ResultDocument>(Filter.Eq(r => r.Id, o.ResultId), Update.Set(r => r.OwnerTaskId, o.OwnerTaskId)));
        await collections.Results.BulkWriteAsync(updates, new BulkWriteOptions { IsOrdered = false }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0) return [];
        var current = (await collections.Results.Find(Filter.In(r => r.Id, transitions.Select(t => t.ResultId).Distinct()))
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id);
        var changed = new List<ResultRecord>(transitions.Count);
        foreach (var transition in transitions)
        {
            if (!current.TryGetValue(transition.ResultId, out var document) || document.Status != (int)transition.From) continue;
            var updated = transition.Apply(document.ToRecord());
            // Results never return to an earlier state, so the status alone tells whether someone else moved it first.
            var result = await collections.Results.UpdateOneAsync(
                Filter.Eq(r => r.Id, transition.ResultId) & Filter.Eq(r => r.Status, (int)transition.From),
                Update.Set(r => r.Status, (int)updated.Status).Set(r => r.Size, updated.Size).Set(r => r.CompletedAt, Ticks.Of(updated.CompletedAt)),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.MatchedCount == 0) continue;
            current[transition.ResultId] = ResultDocument.From(updated);
            changed.Add(updated);
        }
        return changed;
    }

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        collections.Results.DeleteManyAsync(Filter.Eq(r => r.SessionId, sessionId), cancellationToken);
}
