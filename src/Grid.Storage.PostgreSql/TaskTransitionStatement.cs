using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// A batch of <see cref="TaskTransition"/>s as one UPDATE: the transitions travel as arrays, the condition
/// (status, and owner when asked) is in the WHERE, so two agents racing for a task cannot both win.
/// The SET clause is <see cref="TaskTransition.Apply"/> written in SQL; what depends only on the target state
/// (whether it holds a lease, whether it is final) is computed here from the same rule and sent along.
/// The status events the transitions ask for are appended by the same statement (<see cref="RecordedEvents"/>), and so
/// are the result transitions that go with an applied task transition (<see cref="TaskTransition.ResultTransitions"/>).
/// </summary>
internal static class TaskTransitionStatement
{
    internal static readonly string Sql = $"""
        WITH c AS (
            SELECT * FROM unnest(@ids, @from, @to, @at, @expected_owners, @owners, @leases, @errors, @attempts, @holds_lease, @is_final, @records_event)
                WITH ORDINALITY AS c(task_id, from_status, to_status, at, expected_owner, owner, lease, error, attempt, holds_lease, is_final, records_event, position)
        ),
        -- Rows are locked in id order, as everywhere else in this backend, so that batches cannot deadlock.
        locked AS (
            SELECT t.task_id FROM tasks t WHERE t.task_id = ANY(@ids) ORDER BY t.task_id FOR UPDATE
        ),
        changed AS (
            UPDATE tasks t SET
                status = c.to_status,
                owner_agent_id = CASE WHEN c.holds_lease THEN coalesce(c.owner, t.owner_agent_id) END,
                lease_expires_at = CASE WHEN c.holds_lease THEN coalesce(c.lease, t.lease_expires_at) END,
                error = coalesce(c.error, CASE WHEN c.to_status = {(short)TaskState.Submitted} THEN NULL ELSE t.error END),
                attempt = coalesce(c.attempt, t.attempt),
                submitted_at = CASE WHEN c.to_status = {(short)TaskState.Submitted} THEN c.at ELSE t.submitted_at END,
                started_at = CASE WHEN c.to_status = {(short)TaskState.Processing} THEN c.at ELSE t.started_at END,
                ended_at = CASE WHEN c.is_final THEN c.at ELSE t.ended_at END
            FROM c JOIN locked l ON l.task_id = c.task_id
            WHERE t.task_id = c.task_id
                AND t.status = c.from_status
                AND (c.expected_owner IS NULL OR t.owner_agent_id = c.expected_owner)
            RETURNING c.position, c.records_event, c.at AS event_time, {TaskRows.Select("t")}
        ),
        -- The result transitions of the task transitions that applied (the outputs of an attempt), mirroring
        -- ResultTransition.Apply; their events are numbered after the tasks'.
        rc AS (
            SELECT * FROM unnest(@result_tasks, @result_ids, @result_from, @result_to, @result_at, @result_sizes, @result_records_event)
                WITH ORDINALITY AS rc(task_id, result_id, from_status, to_status, at, size, records_event, position)
        ),
        changed_results AS (
            UPDATE results res SET
                status = rc.to_status,
                size = coalesce(rc.size, res.size),
                completed_at = CASE WHEN rc.to_status = {(short)ResultState.Completed} THEN rc.at ELSE res.completed_at END
            FROM rc JOIN changed ON changed.task_id = rc.task_id
            WHERE res.result_id = rc.result_id AND res.status = rc.from_status
            RETURNING rc.position, rc.records_event, rc.at, res.result_id, res.session_id, res.status, res.owner_task_id
        ),
        changes AS (
            SELECT position, records_event, event_time, session_id, status, {(short)GridEventKind.TaskStatusChanged} AS kind,
                task_id AS subject_id, attempt, NULL::text AS owner_task_id
            FROM changed
            UNION ALL
            SELECT cardinality(@ids) + position, records_event, at, session_id, status, {(short)GridEventKind.ResultStatusChanged},
                result_id, 0, owner_task_id
            FROM changed_results
        ),
        {RecordedEvents.Append("changes", kind: "kind", subject: "subject_id", attempt: "attempt", owner: "owner_task_id", channel: "events_channel")}
        SELECT changed.position, {TaskRows.Select("changed")} FROM changed, notified
        """;

    public static async Task<IReadOnlyList<TaskRecord>> ApplyAsync(PostgreSqlDatabase database, IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count == 0) return [];
        foreach (var t in transitions) t.EnsureAllowed();

        var changed = new List<TaskRecord>(transitions.Count);
        foreach (var round in BatchRounds.Split(transitions, t => t.TaskId))
        {
            var applied = await PostgreSqlErrors.RetryOnDeadlockAsync(() => ApplyRoundAsync(database, round, cancellationToken)).ConfigureAwait(false);
            changed.AddRange(applied);
        }
        return changed;
    }

    private static async Task<List<TaskRecord>> ApplyRoundAsync(PostgreSqlDatabase database, IReadOnlyList<TaskTransition> round, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(Sql);
        command.Parameters.Add(Parameters.TextArray("ids", round.Select(t => t.TaskId)));
        command.Parameters.Add(Parameters.SmallIntArray("from", round.Select(t => (short)t.From)));
        command.Parameters.Add(Parameters.SmallIntArray("to", round.Select(t => (short)t.To)));
        command.Parameters.Add(Parameters.Of("at", round.Select(t => Timestamps.ToUtc(t.At)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameters.Of("expected_owners", round.Select(t => t.ExpectedOwnerAgentId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("owners", round.Select(t => t.OwnerAgentId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("leases", round.Select(t => t.LeaseExpiresAt is { } l ? Timestamps.ToUtc(l) : (DateTime?)null).ToArray(),
            NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameters.Of("errors", round.Select(t => t.Error).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        command.Parameters.Add(Parameters.Of("attempts", round.Select(t => t.Attempt).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer));
        command.Parameters.Add(Parameters.Of("holds_lease", round.Select(t => HoldsLease(t.To)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean));
        command.Parameters.Add(Parameters.Of("is_final", round.Select(t => Lifecycles.Task.IsFinal(t.To)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean));
        command.Parameters.Add(Parameters.Of("records_event", round.Select(t => t.RecordsEvent).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean));
        command.Parameters.Add(Parameters.Text("events_channel", database.EventsChannel));
        var results = round.SelectMany(t => t.ResultTransitions.Select(r => (t.TaskId, Transition: r))).ToList();
        command.Parameters.Add(Parameters.TextArray("result_tasks", results.Select(r => r.TaskId)));
        command.Parameters.Add(Parameters.TextArray("result_ids", results.Select(r => r.Transition.ResultId)));
        command.Parameters.Add(Parameters.SmallIntArray("result_from", results.Select(r => (short)r.Transition.From)));
        command.Parameters.Add(Parameters.SmallIntArray("result_to", results.Select(r => (short)r.Transition.To)));
        command.Parameters.Add(Parameters.Of("result_at", results.Select(r => Timestamps.ToUtc(r.Transition.At)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameters.Of("result_sizes", results.Select(r => r.Transition.Size).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint));
        command.Parameters.Add(Parameters.Of("result_records_event", results.Select(r => r.Transition.RecordsEvent).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean));

        var changed = new List<(long Position, TaskRecord Task)>(round.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            changed.Add((reader.GetInt64(0), TaskRows.Read(reader, 1)));
        return changed.OrderBy(c => c.Position).Select(c => c.Task).ToList();
    }

    /// <summary>The same test as in <see cref="TaskTransition.Apply"/>: the owner and lease are kept only in these states.</summary>
    private static bool HoldsLease(TaskState state) => state == TaskState.Processing;
}
