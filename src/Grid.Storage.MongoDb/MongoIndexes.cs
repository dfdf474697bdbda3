using Grid.Storage.MongoDb.Documents;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>An index behind every query of the tables; creating an index that exists is a no-op.</summary>
internal static class MongoIndexes
{
    public static async Task CreateAsync(MongoGridCollections collections, CancellationToken cancellationToken)
    {
        var session = Builders<SessionDocument>.IndexKeys;
        await collections.Sessions.Indexes.CreateManyAsync(
        [
            Index(session.Ascending(s => s.Status).Ascending(s => s.CreatedAt), "status_created"),
            Index(session.Ascending(s => s.CreatedAt), "created"),
        ], cancellationToken).ConfigureAwait(false);

        var task = Builders<TaskDocument>.IndexKeys;
        await collections.Tasks.Indexes.CreateManyAsync(
        [
            // Finding by status within a session, in id order (recovery and repair page through them by id).
            Index(task.Ascending(t => t.SessionId).Ascending(t => t.Status).Ascending(t => t.Id), "session_status_id"),
            Index(task.Ascending(t => t.SessionId).Ascending(t => t.CreatedAt), "session_created"),
            Index(task.Ascending(t => t.ParentTaskId), "parent"),
            // Restart recovery and lease expiry look for tasks by status across sessions.
            Index(task.Ascending(t => t.Status).Ascending(t => t.PartitionId), "status_partition"),
            Index(task.Ascending(t => t.Status).Ascending(t => t.Id), "status_id"),
            // Multikey: one entry per input still awaited.
            Index(task.Ascending(t => t.WaitingOn), "waiting_on"),
        ], cancellationToken).ConfigureAwait(false);

        var result = Builders<ResultDocument>.IndexKeys;
        await collections.Results.Indexes.CreateManyAsync(
        [
            Index(result.Ascending(r => r.SessionId).Ascending(r => r.Status), "session_status"),
            Index(result.Ascending(r => r.SessionId).Ascending(r => r.Name), "session_name"),
            Index(result.Ascending(r => r.SessionId).Ascending(r => r.CreatedAt), "session_created"),
            Index(result.Ascending(r => r.OwnerTaskId), "owner"),
        ], cancellationToken).ConfigureAwait(false);

        var events = Builders<EventDocument>.IndexKeys;
        await collections.Events.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<EventDocument>(events.Ascending(e => e.SessionId).Ascending(e => e.Sequence),
                new CreateIndexOptions { Name = "session_sequence", Unique = true }),
        ], cancellationToken).ConfigureAwait(false);
    }

    private static CreateIndexModel<T> Index<T>(IndexKeysDefinition<T> keys, string name) => new(keys, new CreateIndexOptions { Name = name });
}
