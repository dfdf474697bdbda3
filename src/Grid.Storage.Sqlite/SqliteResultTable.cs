using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

internal sealed class SqliteResultTable(SqliteDatabase database) : IResultTable, IAsyncDisposable
{
    private const string SelectById = $"SELECT {ResultRows.Columns} FROM results WHERE result_id = $result_id";

    public Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.Command(transaction, ResultRows.Insert);
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
        }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return Task.FromResult<IReadOnlyList<ResultRecord>>([]);
        return database.ReadAsync<IReadOnlyList<ResultRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction, $"SELECT {ResultRows.Columns} FROM results WHERE result_id IN (SELECT value FROM json_each($ids))")
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
        return database.ReadAsync((connection, transaction) => SqlPaging.Read(connection, transaction, "results", ResultRows.Columns,
            where, page, ResultRows.SortColumn(page.SortBy), "result_id", ResultRows.Read), cancellationToken);
    }

    public Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var update = connection.Command(transaction, "UPDATE results SET owner_task_id = $owner_task_id WHERE result_id = $result_id");
            foreach (var (resultId, ownerTaskId) in owners)
                update.Set("$result_id", resultId).Set("$owner_task_id", ownerTaskId).ExecuteNonQuery();
        }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<ResultRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction, SelectById);
            using var update = connection.Command(transaction, ResultRows.UpdateState);
            var changed = new List<ResultRecord>(transitions.Count);
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
        }, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var delete = connection.Command(transaction, "DELETE FROM results WHERE session_id = $session_id");
            delete.Set("$session_id", sessionId).ExecuteNonQuery();
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
