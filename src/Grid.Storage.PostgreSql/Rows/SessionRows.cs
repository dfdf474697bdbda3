using Grid.Core.Model;
using Npgsql;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>How a <see cref="SessionRecord"/> maps to a row of <c>sessions</c>.</summary>
internal static class SessionRows
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "session_id", "status", "partition_ids", "created_at", "cancelled_at", "closed_at",
        .. TaskOptionsColumns.Names("default_"),
    ];

    public static string Select() => string.Join(", ", Columns);

    public static IEnumerable<ColumnValue> Values(SessionRecord session) =>
    [
        ColumnValue.Text(session.SessionId),
        ColumnValue.SmallInt((short)session.Status),
        ColumnValue.TextArray(session.PartitionIds),
        ColumnValue.Time(session.CreatedAt),
        ColumnValue.Time(session.CancelledAt),
        ColumnValue.Time(session.ClosedAt),
        .. TaskOptionsColumns.Values(session.DefaultOptions),
    ];

    public static SessionRecord Read(NpgsqlDataReader reader) => new()
    {
        SessionId = reader.GetString(0),
        Status = (SessionState)reader.GetInt16(1),
        PartitionIds = reader.GetFieldValue<string[]>(2),
        CreatedAt = reader.Time(3),
        CancelledAt = reader.NullableTime(4),
        ClosedAt = reader.NullableTime(5),
        DefaultOptions = TaskOptionsColumns.Read(reader, 6),
    };
}
