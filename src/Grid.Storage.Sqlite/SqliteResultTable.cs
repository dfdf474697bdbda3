using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>Results; a change and the events it asks for are written in one transaction.</summary>
internal sealed class SqliteResultTable(SqliteDatabase database, SqliteEventLog events) : IResultTable, IAsyncDisposable
{
    private const string SelectById = $"SELECT {ResultRows.Columns} FROM results WHERE result_id = $result_id";

    public async Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken)
    {
        var appended = await database.WriteAsync((connection, transaction) =>
        {
            Create(connection, transaction, results);
            return SqliteEventLog.Append(connection, transaction, results.Select(r => GridEvent.ForNewResult(r, r.CreatedAt)).ToList());
        }, cancellationToken).ConfigureAwait(false);
        events.Appended(appended);
    }

    public Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return Task.FromResult<IReadOnlyList<ResultRecord>>([]);
        return database.ReadAsync<IReadOnlyList<ResultRecord>>(connection =>
        {
            var select = connection.Prepared($"SELECT {ResultRows.Columns} FROM results WHERE result_id IN (SELECT value FROM json_each($ids))")
                .Set("$ids", StoredValues.IdsJson([.. resultIds]));
            return select.ReadAll(ResultRows.Read);
        }, cancellationToken);
    }

    public Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .Equal("session_id", filter.SessionId)
            .In("status", filter.Statuses)
            .Equal("name", filter.Name)
            .Equal("owner_task_id", filter.OwnerTaskId);
        return database.ReadSnapshotAsync((connection, transaction) => SqlPaging.Read(connection, transaction, "results", ResultRows.Columns,
            where, page, ResultRows.SortColumn(page.SortBy), "result_id", ResultRows.Read), cancellationToken);
    }

    public Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => SetOwners(connection, transaction, owners), cancellationToken);

    public async Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        var (changed, appended) = await database.WriteAsync((connection, transaction) =>
        {
            var changed = Transition(connection, transaction, transitions);
            return (changed, SqliteEventLog.Append(connection, transaction, ResultTransition.EventsOf(transitions, changed)));
        }, cancellationToken).ConfigureAwait(false);
        events.Appended(appended);
        return changed;
    }

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            connection.Prepared(transaction, "DELETE FROM results WHERE session_id = $session_id").Set("$session_id", sessionId).ExecuteNonQuery();
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();

    internal static void Create(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<ResultRecord> results)
    {
        var insert = connection.Prepared(transaction, ResultRows.Insert);
        foreach (var result in results)
        {
            ResultRows.BindInsert(insert, result);
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
            {
                throw new GridException(GridErrorCode.AlreadyExists, $"result '{result.ResultId}' already exists");
            }
        }
    }

    internal static void SetOwners(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners)
    {
        var update = connection.Prepared(transaction, "UPDATE results SET owner_task_id = $owner_task_id WHERE result_id = $result_id");
        foreach (var (resultId, ownerTaskId) in owners)
            update.Set("$result_id", resultId).Set("$owner_task_id", ownerTaskId).ExecuteNonQuery();
    }

    internal static List<ResultRecord> Transition(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<ResultTransition> transitions)
    {
        var changed = new List<ResultRecord>(transitions.Count);
        if (transitions.Count == 0) return changed;
        var select = connection.Prepared(transaction, SelectById);
        var update = connection.Prepared(transaction, ResultRows.UpdateState);
        foreach (var transition in transitions)
        {
            var result = select.Set("$result_id", transition.ResultId).ReadFirst(ResultRows.Read);
            if (result is null || result.Status != transition.From) continue;
            var updated = transition.Apply(result);
            ResultRows.BindState(update, updated);
            update.ExecuteNonQuery();
            changed.Add(updated);
        }
        return changed;
    }
}
