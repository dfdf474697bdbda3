using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;

namespace Grid.Storage.PostgreSql;

public sealed class PostgreSqlSessionTable : ISessionTable
{
    private static readonly string Insert =
        $"INSERT INTO sessions ({SessionRows.Select()}) VALUES ({string.Join(", ", SessionRows.Columns.Select((_, i) => $"${i + 1}"))})";

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _searchDataSource;

    internal PostgreSqlSessionTable(PostgreSqlDatabase database) => (_dataSource, _searchDataSource) = (database.DataSource, database.SearchDataSource);

    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Insert);
        foreach (var value in SessionRows.Values(session)) command.Parameters.Add(Parameters.Of(value));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (PostgreSqlErrors.IsUniqueViolation(e))
        {
            throw new GridException(GridErrorCode.AlreadyExists, $"session '{session.SessionId}' already exists");
        }
    }

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {SessionRows.Select()} FROM sessions WHERE session_id = @id");
        command.Parameters.Add(Parameters.Text("id", sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionRows.Read(reader) : null;
    }

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken)
    {
        var conditions = new SqlConditions();
        if (filter.Statuses.Count > 0)
            conditions.Add("status = ANY(@statuses)", () => Parameters.SmallIntArray("statuses", filter.Statuses.Select(s => (short)s)));
        if (filter.CreatedAfter is { } after) conditions.Add("created_at > @created_after", () => Parameters.Time("created_after", after));
        if (filter.CreatedBefore is { } before) conditions.Add("created_at < @created_before", () => Parameters.Time("created_before", before));
        var sortColumn = page.SortBy switch
        {
            SessionSort.SessionId => "session_id",
            SessionSort.Status => "status",
            _ => "created_at",
        };
        return Listing.PageAsync(_searchDataSource, "sessions", SessionRows.Select(), conditions, sortColumn, false, "session_id", page, r => SessionRows.Read(r), cancellationToken);
    }

    public async Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"""
            UPDATE sessions SET status = @to,
                cancelled_at = CASE WHEN @to = {(short)SessionState.Cancelled} THEN @at ELSE cancelled_at END,
                closed_at = CASE WHEN @to = {(short)SessionState.Closed} THEN @at ELSE closed_at END
            WHERE session_id = @id AND status = @from
            RETURNING {SessionRows.Select()}
            """);
        command.Parameters.Add(Parameters.Text("id", sessionId));
        command.Parameters.Add(Parameters.SmallInt("from", (short)from));
        command.Parameters.Add(Parameters.SmallInt("to", (short)to));
        command.Parameters.Add(Parameters.Time("at", at));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? SessionRows.Read(reader) : null;
    }
}
