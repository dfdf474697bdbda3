using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql;

public sealed class PostgreSqlResultTable : IResultTable
{
    private readonly PostgreSqlDatabase _database;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _deletionBatchSize;

    internal PostgreSqlResultTable(PostgreSqlDatabase database, PostgreSqlOptions options) =>
        (_database, _dataSource, _deletionBatchSize) = (database, database.DataSource, Math.Max(1, options.SessionDeletionBatchSize));

    /// <summary>
    /// One statement for the whole batch (each column travels as one array), with the creation events in the same
    /// transaction: one round trip, one commit.
    /// </summary>
    public async Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0) return;
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO results ({ResultRows.Select()})
            SELECT * FROM unnest(@ids, @sessions, @names, @statuses, @owners, @creators, @sizes, @created, @completed)
            """);
        insert.Parameters.Add(Parameters.TextArray("ids", results.Select(r => r.ResultId)));
        insert.Parameters.Add(Parameters.TextArray("sessions", results.Select(r => r.SessionId)));
        insert.Parameters.Add(Parameters.TextArray("names", results.Select(r => r.Name)));
        insert.Parameters.Add(Parameters.SmallIntArray("statuses", results.Select(r => (short)r.Status)));
        insert.Parameters.Add(Parameters.Of("owners", results.Select(r => r.OwnerTaskId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        insert.Parameters.Add(Parameters.Of("creators", results.Select(r => r.CreatedByTaskId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        insert.Parameters.Add(Parameters.Of("sizes", results.Select(r => r.Size).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        insert.Parameters.Add(Parameters.Of("created", results.Select(r => Timestamps.ToUtc(r.CreatedAt)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        insert.Parameters.Add(Parameters.Of("completed", results.Select(r => r.CompletedAt is { } t ? Timestamps.ToUtc(t) : (DateTime?)null).ToArray(),
            NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(insert);
        foreach (var append in PostgreSqlEventLog.AppendCommands(results.Select(r => GridEvent.ForNewResult(r, r.CreatedAt)).ToList(), _database.EventsChannel))
            batch.BatchCommands.Add(append);
        try
        {
            await PostgreSqlErrors.RetryOnDeadlockAsync(() => batch.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (PostgresException e) when (PostgreSqlErrors.IsUniqueViolation(e))
        {
            throw await DuplicateIds.AlreadyExistsAsync(_dataSource, "result", "results", "result_id", results.Select(r => r.ResultId).ToList(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return [];
        await using var command = _dataSource.CreateCommand($"SELECT {ResultRows.Select()} FROM results WHERE result_id = ANY(@ids)");
        command.Parameters.Add(Parameters.TextArray("ids", resultIds));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken)
    {
        var conditions = new SqlConditions();
        if (filter.SessionId is { } sessionId) conditions.Add("session_id = @session_id", () => Parameters.Text("session_id", sessionId));
        if (filter.Statuses.Count > 0)
            conditions.Add("status = ANY(@statuses)", () => Parameters.SmallIntArray("statuses", filter.Statuses.Select(s => (short)s)));
        if (filter.Name is { } name) conditions.Add("name = @name", () => Parameters.Text("name", name));
        if (filter.OwnerTaskId is { } owner) conditions.Add("owner_task_id = @owner", () => Parameters.Text("owner", owner));
        var sortColumn = page.SortBy switch
        {
            ResultSort.Name => "name",
            ResultSort.Status => "status",
            ResultSort.Size => "size",
            _ => "created_at",
        };
        return Listing.PageAsync(_database.SearchDataSource, "results", ResultRows.Select(), conditions, sortColumn, false, "result_id", page, r => ResultRows.Read(r), cancellationToken);
    }

    public async Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken)
    {
        if (owners.Count == 0) return;
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(SetOwnersCommand(owners));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement of <see cref="SetOwnersAsync"/>, for a batch that also holds other changes (task creation).</summary>
    internal static NpgsqlBatchCommand SetOwnersCommand(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners)
    {
        var command = new NpgsqlBatchCommand("""
            UPDATE results r SET owner_task_id = o.owner_task_id
            FROM unnest(@ids, @owners) AS o(result_id, owner_task_id)
            WHERE r.result_id = o.result_id
            """);
        command.Parameters.Add(Parameters.TextArray("ids", owners.Select(o => o.ResultId)));
        command.Parameters.Add(Parameters.TextArray("owners", owners.Select(o => o.OwnerTaskId)));
        return command;
    }

    /// <summary>
    /// One statement for the batch; the condition (current status) is in the WHERE, so a transition whose result
    /// moved meanwhile simply does not apply. The SET mirrors <see cref="ResultTransition.Apply"/>. The status events the
    /// transitions ask for are appended by the same statement (<see cref="RecordedEvents"/>).
    /// </summary>
    public async Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0) return [];
        foreach (var t in transitions) t.EnsureAllowed();

        var changed = new List<ResultRecord>(transitions.Count);
        // A result named twice in one batch is updated once per statement: later mentions go in later rounds.
        foreach (var round in BatchRounds.Split(transitions, t => t.ResultId))
        {
            await using var command = _dataSource.CreateCommand($"""
                WITH changed AS (
                    UPDATE results r SET
                        status = c.to_status,
                        size = coalesce(c.size, r.size),
                        completed_at = CASE WHEN c.to_status = {(short)ResultState.Completed} THEN c.at ELSE r.completed_at END
                    FROM unnest(@ids, @from, @to, @at, @sizes, @records_event) WITH ORDINALITY AS c(result_id, from_status, to_status, at, size, records_event, position)
                    WHERE r.result_id = c.result_id AND r.status = c.from_status
                    RETURNING c.position, c.records_event, c.at AS event_time, {ResultRows.Select("r")}
                ),
                {RecordedEvents.Append("changed", GridEventKind.ResultStatusChanged, subject: "result_id", attempt: "0", owner: "owner_task_id", channel: "events_channel")}
                SELECT {ResultRows.Select("changed")} FROM changed, notified ORDER BY changed.position
                """);
            command.Parameters.Add(Parameters.TextArray("ids", round.Select(t => t.ResultId)));
            command.Parameters.Add(Parameters.SmallIntArray("from", round.Select(t => (short)t.From)));
            command.Parameters.Add(Parameters.SmallIntArray("to", round.Select(t => (short)t.To)));
            command.Parameters.Add(Parameters.Of("at", round.Select(t => Timestamps.ToUtc(t.At)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
            command.Parameters.Add(Parameters.Of("sizes", round.Select(t => t.Size).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint));
            command.Parameters.Add(Parameters.Of("records_event", round.Select(t => t.RecordsEvent).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean));
            command.Parameters.Add(Parameters.Text("events_channel", _database.EventsChannel));
            changed.AddRange(await PostgreSqlErrors.RetryOnDeadlockAsync(() => ReadAllAsync(command, cancellationToken)).ConfigureAwait(false));
        }
        return changed;
    }

    /// <summary>A batch of the session's results found by results_by_session_status, deleted by primary key.</summary>
    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        SessionDeletion.DeleteInBatchesAsync(_dataSource, """
            DELETE FROM results WHERE result_id IN (SELECT result_id FROM results WHERE session_id = @session_id LIMIT @batch)
            """, sessionId, _deletionBatchSize, cancellationToken);

    private static async Task<List<ResultRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = new List<ResultRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(ResultRows.Read(reader));
        return found;
    }
}
