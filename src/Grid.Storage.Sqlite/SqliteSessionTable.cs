using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

internal sealed class SqliteSessionTable(SqliteDatabase database) : ISessionTable, IAsyncDisposable
{
    private const string SelectById = $"SELECT {SessionRows.Columns} FROM sessions WHERE session_id = $session_id";

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var insert = connection.Prepared(transaction, SessionRows.Insert);
            SessionRows.BindInsert(insert, session);
            try
            {
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
            {
                throw new GridException(GridErrorCode.AlreadyExists, $"session '{session.SessionId}' already exists");
            }
        }, cancellationToken);

    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            var select = connection.Prepared(SelectById).Set("$session_id", sessionId);
            return select.ReadFirst(SessionRows.Read);
        }, cancellationToken);

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .In("status", filter.Statuses)
            .After("created_at", filter.CreatedAfter)
            .Before("created_at", filter.CreatedBefore);
        return database.ReadSnapshotAsync((connection, transaction) => SqlPaging.Read(connection, transaction, "sessions", SessionRows.Columns,
            where, page, SessionRows.SortColumn(page.SortBy), "session_id", SessionRows.Read), cancellationToken);
    }

    public Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var select = connection.Prepared(transaction, SelectById).Set("$session_id", sessionId);
            var session = select.ReadFirst(SessionRows.Read);
            if (session is null || session.Status != from) return null;
            var updated = session with
            {
                Status = to,
                CancelledAt = to == SessionState.Cancelled ? at : session.CancelledAt,
                ClosedAt = to == SessionState.Closed ? at : session.ClosedAt,
            };
            var update = connection.Prepared(transaction, SessionRows.UpdateState);
            SessionRows.BindState(update, updated);
            update.ExecuteNonQuery();
            return updated;
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
