using Grid.Core.Model;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>How a <see cref="GridEvent"/> maps to a row of <c>events</c>.</summary>
internal static class EventRows
{
    public const string Columns =
        "session_id, sequence, kind, subject_id, status, attempt, parent_task_id, owner_task_id, name, expected_output_ids, data_dependencies, time";

    /// <summary>Inserts an event numbered after the session's last one, in one statement; returns its sequence.</summary>
    public const string Insert =
        "INSERT INTO events (session_id, sequence, kind, subject_id, status, attempt, parent_task_id, owner_task_id, name, expected_output_ids, data_dependencies, time) " +
        "VALUES ($session_id, (SELECT COALESCE(MAX(sequence), 0) + 1 FROM events WHERE session_id = $session_id), " +
        "$kind, $subject_id, $status, $attempt, $parent_task_id, $owner_task_id, $name, $expected_output_ids, $data_dependencies, $time) RETURNING sequence";

    public static GridEvent Read(SqliteDataReader r) => new()
    {
        SessionId = r.GetString(0),
        Sequence = (ulong)r.GetInt64(1),
        Kind = (GridEventKind)r.GetInt32(2),
        SubjectId = r.GetString(3),
        Status = r.GetInt32(4),
        Attempt = r.GetInt32(5),
        ParentTaskId = r.NullableString(6),
        OwnerTaskId = r.NullableString(7),
        Name = r.NullableString(8),
        ExpectedOutputIds = r.IsDBNull(9) ? null : StoredValues.Ids(r.GetString(9)),
        DataDependencies = r.IsDBNull(10) ? null : StoredValues.Ids(r.GetString(10)),
        Time = r.Time(11),
    };

    public static void BindInsert(SqliteCommand command, GridEvent e) =>
        command.Set("$session_id", e.SessionId)
            .Set("$kind", (int)e.Kind)
            .Set("$subject_id", e.SubjectId)
            .Set("$status", e.Status)
            .Set("$attempt", e.Attempt)
            .Set("$parent_task_id", e.ParentTaskId)
            .Set("$owner_task_id", e.OwnerTaskId)
            .Set("$name", e.Name)
            .Set("$expected_output_ids", StoredValues.IdsJsonOrNull(e.ExpectedOutputIds))
            .Set("$data_dependencies", StoredValues.IdsJsonOrNull(e.DataDependencies))
            .Set("$time", StoredValues.Ticks(e.Time));
}
