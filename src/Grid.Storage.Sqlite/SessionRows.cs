using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>How a <see cref="SessionRecord"/> maps to a row of <c>sessions</c>.</summary>
internal static class SessionRows
{
    public const string Columns = "session_id, status, default_options, partition_ids, created_at, cancelled_at, closed_at";

    public const string Insert =
        "INSERT INTO sessions (session_id, status, default_options, partition_ids, created_at, cancelled_at, closed_at) " +
        "VALUES ($session_id, $status, $default_options, $partition_ids, $created_at, $cancelled_at, $closed_at)";

    public const string UpdateState =
        "UPDATE sessions SET status = $status, cancelled_at = $cancelled_at, closed_at = $closed_at WHERE session_id = $session_id";

    public static SessionRecord Read(SqliteDataReader r) => new()
    {
        SessionId = r.GetString(0),
        Status = (SessionState)r.GetInt32(1),
        DefaultOptions = StoredValues.Options(r.GetString(2)),
        PartitionIds = StoredValues.Ids(r.GetString(3)),
        CreatedAt = r.Time(4),
        CancelledAt = r.NullableTime(5),
        ClosedAt = r.NullableTime(6),
    };

    public static void BindInsert(SqliteCommand command, SessionRecord session)
    {
        BindState(command, session);
        command.Set("$default_options", StoredValues.OptionsJson(session.DefaultOptions))
            .Set("$partition_ids", StoredValues.IdsJson(session.PartitionIds))
            .Set("$created_at", StoredValues.Ticks(session.CreatedAt));
    }

    public static void BindState(SqliteCommand command, SessionRecord session) =>
        command.Set("$session_id", session.SessionId)
            .Set("$status", (int)session.Status)
            .Set("$cancelled_at", StoredValues.Ticks(session.CancelledAt))
            .Set("$closed_at", StoredValues.Ticks(session.ClosedAt));

    public static string SortColumn(SessionSort sort) => sort switch
    {
        SessionSort.SessionId => "session_id",
        SessionSort.Status => "status",
        _ => "created_at",
    };
}
