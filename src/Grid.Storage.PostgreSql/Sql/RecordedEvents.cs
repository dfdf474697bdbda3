using Grid.Core.Model;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>
/// The tail of a statement that changes rows and records their status events in the same statement (one round
/// trip, one commit): common table expressions that number the events of each changed row that asks for one,
/// exactly as <see cref="PostgreSqlEventLog"/> does (the session's counter row bumped, its lock held until commit),
/// append them, and notify the sessions' readers with each session's new last sequence ("sequence:session"). The statement must select from <c>notified</c> for the
/// notification to be sent.
/// </summary>
internal static class RecordedEvents
{
    /// <param name="changed">A CTE with the changed rows and the columns <c>position</c> (order within the batch),
    /// <c>records_event</c>, <c>event_time</c>, <c>session_id</c> and <c>status</c>.</param>
    /// <param name="subject">Column of <paramref name="changed"/> with the event's subject id.</param>
    /// <param name="attempt">SQL for the event's attempt; <paramref name="owner"/> for its owner task id.</param>
    /// <param name="channel">Name of the parameter holding the events channel.</param>
    public static string Append(string changed, GridEventKind kind, string subject, string attempt, string owner, string channel) =>
        Append(changed, ((short)kind).ToString(System.Globalization.CultureInfo.InvariantCulture), subject, attempt, owner, channel);

    /// <param name="kind">SQL for the event's kind (a column, when <paramref name="changed"/> mixes tasks and results).</param>
    public static string Append(string changed, string kind, string subject, string attempt, string owner, string channel) => $"""
        recorded AS (
            SELECT session_id, {kind}::smallint AS kind, {subject} AS subject_id, status, {attempt} AS attempt, {owner} AS owner_task_id, event_time,
                row_number() OVER (PARTITION BY session_id ORDER BY position) AS n,
                count(*) OVER (PARTITION BY session_id) AS total
            FROM {changed} WHERE records_event
        ),
        -- Counter rows locked in session order, as PostgreSqlEventLog does, after the changed rows.
        counters AS (
            INSERT INTO session_event_counters AS k (session_id, last_sequence)
            SELECT session_id, count(*) FROM recorded GROUP BY session_id ORDER BY session_id
            ON CONFLICT (session_id) DO UPDATE SET last_sequence = k.last_sequence + excluded.last_sequence
            RETURNING session_id, last_sequence
        ),
        appended AS (
            INSERT INTO events (session_id, sequence, kind, subject_id, status, attempt, owner_task_id, time)
            SELECT r.session_id, k.last_sequence - r.total + r.n, r.kind, r.subject_id, r.status, r.attempt, r.owner_task_id, r.event_time
            FROM recorded r JOIN counters k ON k.session_id = r.session_id
        ),
        notified AS (
            SELECT count(pg_notify(@{channel}, last_sequence || ':' || session_id)) AS sessions FROM counters
        )
        """;
}
