using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// Events numbered per session without gaps: an append bumps the session's row in <c>session_event_counters</c>
/// by the number of events and numbers them below the new value, in the same statement. The counter row's lock
/// serialises appends to one session until commit (so no gap, no duplicate) and leaves other sessions alone.
/// Waiting readers are woken by NOTIFY with the session id, and poll as a fallback.
/// </summary>
public sealed class PostgreSqlEventLog : IEventLog
{
    private const string Columns =
        "session_id, sequence, kind, subject_id, status, attempt, parent_task_id, owner_task_id, name, expected_output_ids, data_dependencies, time";

    // Per-event id lists travel as JSON arrays: a jagged array cannot be one SQL array parameter.
    private static readonly string Append = $"""
        WITH counter AS (
            INSERT INTO session_event_counters AS c (session_id, last_sequence) VALUES (@session_id, @count)
            ON CONFLICT (session_id) DO UPDATE SET last_sequence = c.last_sequence + excluded.last_sequence
            RETURNING last_sequence
        )
        INSERT INTO events ({Columns})
        SELECT @session_id, counter.last_sequence - @count + e.position, e.kind, e.subject_id, e.status, e.attempt, e.parent_task_id, e.owner_task_id, e.name,
            CASE WHEN e.outputs IS NULL THEN NULL ELSE ARRAY(SELECT v FROM jsonb_array_elements_text(e.outputs) WITH ORDINALITY AS a(v, n) ORDER BY n) END,
            CASE WHEN e.dependencies IS NULL THEN NULL ELSE ARRAY(SELECT v FROM jsonb_array_elements_text(e.dependencies) WITH ORDINALITY AS a(v, n) ORDER BY n) END,
            e.time
        FROM counter, unnest(@kinds, @subjects, @statuses, @attempts, @parents, @owners, @names, @outputs, @dependencies, @times)
            WITH ORDINALITY AS e(kind, subject_id, status, attempt, parent_task_id, owner_task_id, name, outputs, dependencies, time, position)
        """;

    private readonly PostgreSqlDatabase _database;
    private readonly TimeSpan _pollInterval;
    private readonly int _deletionBatchSize;

    internal PostgreSqlEventLog(PostgreSqlDatabase database, PostgreSqlOptions options)
    {
        _database = database;
        _pollInterval = options.PollInterval;
        _deletionBatchSize = Math.Max(1, options.SessionDeletionBatchSize);
    }

    public async ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await using var batch = _database.DataSource.CreateBatch();
        foreach (var command in AppendCommands(events, _database.EventsChannel)) batch.BatchCommands.Add(command);
        await PostgreSqlErrors.RetryOnDeadlockAsync(() => batch.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// The commands that append <paramref name="events"/> and notify their readers, for a batch (one transaction)
    /// that may also hold the change the events record.
    /// </summary>
    internal static IEnumerable<NpgsqlBatchCommand> AppendCommands(IReadOnlyList<GridEvent> events, string channel)
    {
        // Sessions in id order, so that two appends spanning the same sessions lock their counters in the same order.
        var bySession = events.GroupBy(e => e.SessionId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var session in bySession) yield return AppendCommand(session.Key, session.ToList());
        // Read back in the same transaction, under the counters' locks: the sequences this append ends at.
        var notify = new NpgsqlBatchCommand(
            "SELECT pg_notify(@channel, c.last_sequence || ':' || c.session_id) FROM session_event_counters c WHERE c.session_id = ANY(@sessions)");
        notify.Parameters.Add(Parameters.Text("channel", channel));
        notify.Parameters.Add(Parameters.TextArray("sessions", bySession.Select(g => g.Key)));
        yield return notify;
    }

    private static NpgsqlBatchCommand AppendCommand(string sessionId, List<GridEvent> events)
    {
        var command = new NpgsqlBatchCommand(Append);
        command.Parameters.Add(Parameters.Text("session_id", sessionId));
        command.Parameters.Add(Parameters.BigInt("count", events.Count));
        command.Parameters.Add(Parameters.SmallIntArray("kinds", events.Select(e => (short)e.Kind)));
        command.Parameters.Add(Parameters.TextArray("subjects", events.Select(e => e.SubjectId)));
        command.Parameters.Add(Parameters.Of("statuses", events.Select(e => e.Status).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer));
        command.Parameters.Add(Parameters.Of("attempts", events.Select(e => e.Attempt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer));
        command.Parameters.Add(Parameters.Of("parents", events.Select(e => e.ParentTaskId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("owners", events.Select(e => e.OwnerTaskId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("names", events.Select(e => e.Name).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("outputs", events.Select(e => JsonArray(e.ExpectedOutputIds)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb));
        command.Parameters.Add(Parameters.Of("dependencies", events.Select(e => JsonArray(e.DataDependencies)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb));
        command.Parameters.Add(Parameters.Of("times", events.Select(e => Timestamps.ToUtc(e.Time)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        return command;
    }

    private static string? JsonArray(IReadOnlyList<string>? ids) => ids is null ? null : System.Text.Json.JsonSerializer.Serialize(ids);

    public async ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var command = _database.DataSource.CreateCommand("SELECT last_sequence FROM session_event_counters WHERE session_id = @session_id");
        command.Parameters.Add(Parameters.Text("session_id", sessionId));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long last ? (ulong)last : 0;
    }

    public async ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0) return [];
        await using var command = _database.DataSource.CreateCommand(
            $"SELECT {Columns} FROM events WHERE session_id = @session_id AND sequence > @after ORDER BY sequence LIMIT @max");
        command.Parameters.Add(Parameters.Text("session_id", sessionId));
        command.Parameters.Add(Parameters.BigInt("after", (long)Math.Min(afterSequence, long.MaxValue)));
        command.Parameters.Add(Parameters.BigInt("max", maxCount));
        var found = new List<GridEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new GridEvent
            {
                SessionId = reader.GetString(0),
                Sequence = (ulong)reader.GetInt64(1),
                Kind = (GridEventKind)reader.GetInt16(2),
                SubjectId = reader.GetString(3),
                Status = reader.GetInt32(4),
                Attempt = reader.GetInt32(5),
                ParentTaskId = reader.NullableString(6),
                OwnerTaskId = reader.NullableString(7),
                Name = reader.NullableString(8),
                ExpectedOutputIds = reader.NullableTextArray(9),
                DataDependencies = reader.NullableTextArray(10),
                Time = reader.Time(11),
            });
        }
        return found;
    }

    /// <summary>
    /// Events in batches from the start of the session (primary key (session_id, sequence)), then the counter
    /// (its primary key) together with whatever was appended meanwhile: holding the counter's lock until that
    /// commit, no append can slip in between, and the next one numbers from 1 on an empty log.
    /// </summary>
    public async Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await SessionDeletion.DeleteInBatchesAsync(_database.DataSource, """
            DELETE FROM events WHERE session_id = @session_id AND sequence IN (
                SELECT sequence FROM events WHERE session_id = @session_id ORDER BY sequence LIMIT @batch)
            """, sessionId, _deletionBatchSize, cancellationToken).ConfigureAwait(false);
        await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
        {
            await using var batch = _database.DataSource.CreateBatch();
            var counter = new NpgsqlBatchCommand("DELETE FROM session_event_counters WHERE session_id = @session_id");
            counter.Parameters.Add(Parameters.Text("session_id", sessionId));
            var rest = new NpgsqlBatchCommand("DELETE FROM events WHERE session_id = @session_id");
            rest.Parameters.Add(Parameters.Text("session_id", sessionId));
            // Readers elsewhere forget the session's last sequence: numbering starts again from 1.
            var reset = new NpgsqlBatchCommand("SELECT pg_notify(@channel, '0:' || @session_id)");
            reset.Parameters.Add(Parameters.Text("channel", _database.EventsChannel));
            reset.Parameters.Add(Parameters.Text("session_id", sessionId));
            batch.BatchCommands.Add(counter);
            batch.BatchCommands.Add(rest);
            batch.BatchCommands.Add(reset);
            return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <remarks>
    /// The sequence carried by the notifications saves asking the server at every wake-up of a busy session: woken by a
    /// notification that says events are there, the reader goes to read them; one that says nothing new, it waits
    /// again. The server is asked when the notifications cannot tell (nothing heard of the session since the listener
    /// (re)connected, or nothing within the poll interval), and whenever what was heard before the wait claims events:
    /// a claim is taken without asking only from a wake-up.
    /// </remarks>
    public async Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken)
    {
        var notifications = _database.Notifications;
        var channel = _database.EventsChannel;
        var woken = false;
        while (true)
        {
            var notified = notifications.NextAsync(channel, sessionId);
            var known = notifications.LastSequence(channel, sessionId);
            if (known is null || (known > afterSequence && !woken))
            {
                known = await LastSequenceAsync(sessionId, cancellationToken).ConfigureAwait(false);
                notifications.Remember(channel, sessionId, known.Value);
            }
            if (known > afterSequence) return;
            woken = await PostgreSqlNotifications.WaitAsync(notified, _pollInterval, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!woken) notifications.Forget(channel, sessionId); // nothing heard for a while: ask the server
        }
    }
}
