using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.MongoDb.Documents;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

internal sealed class MongoSessionTable(MongoGridCollections collections) : ISessionTable
{
    private static readonly FilterDefinitionBuilder<SessionDocument> Filter = Builders<SessionDocument>.Filter;

    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        try
        {
            await collections.Sessions.InsertOneAsync(SessionDocument.From(session), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MongoWriteException e) when (MongoErrors.IsDuplicateKey(e))
        {
            throw new GridException(GridErrorCode.AlreadyExists, $"session '{session.SessionId}' already exists");
        }
    }

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        (await collections.Sessions.Find(Filter.Eq(s => s.Id, sessionId)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false))?.ToRecord();

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken)
    {
        var where = Filter.Empty;
        if (filter.Statuses.Count > 0) where &= Filter.In(s => s.Status, filter.Statuses.Select(s => (int)s));
        if (filter.CreatedAfter is { } after) where &= Filter.Gt(s => s.CreatedAt, Ticks.Of(after));
        if (filter.CreatedBefore is { } before) where &= Filter.Lt(s => s.CreatedAt, Ticks.Of(before));
        var sortField = page.SortBy switch
        {
            SessionSort.SessionId => "_id",
            SessionSort.Status => "status",
            _ => "created",
        };
        return MongoPaging.ReadAsync(collections.Sessions, where, page, sortField, d => d.ToRecord(), cancellationToken);
    }

    public async Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken)
    {
        var update = Builders<SessionDocument>.Update.Set(s => s.Status, (int)to);
        if (to == SessionState.Cancelled) update = update.Set(s => s.CancelledAt, Ticks.Of(at));
        if (to == SessionState.Closed) update = update.Set(s => s.ClosedAt, Ticks.Of(at));
        var updated = await collections.Sessions.FindOneAndUpdateAsync(
            Filter.Eq(s => s.Id, sessionId) & Filter.Eq(s => s.Status, (int)from),
            update,
            new FindOneAndUpdateOptions<SessionDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken).ConfigureAwait(false);
        return updated?.ToRecord();
    }
}
