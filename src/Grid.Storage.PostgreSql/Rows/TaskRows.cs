using Grid.Core.Model;
using Npgsql;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>How a <see cref="TaskRecord"/> maps to a row of <c>tasks</c>: column names, values to write, reading back.</summary>
internal static class TaskRows
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "task_id", "session_id", "status", "payload_id", "data_dependencies", "expected_output_ids", "parent_task_id",
        "attempt", "owner_agent_id", "lease_expires_at", "error", "created_at", "submitted_at", "started_at", "ended_at", "depth",
        .. TaskOptionsColumns.Names(""),
    ];

    /// <summary>The column list, each qualified with <paramref name="alias"/> when given.</summary>
    public static string Select(string? alias = null) =>
        string.Join(", ", Columns.Select(c => alias is null ? c : $"{alias}.{c}"));

    public static IEnumerable<ColumnValue> Values(TaskRecord task) =>
    [
        ColumnValue.Text(task.TaskId),
        ColumnValue.Text(task.SessionId),
        ColumnValue.SmallInt((short)task.Status),
        ColumnValue.Text(task.PayloadId),
        ColumnValue.TextArray(task.DataDependencies),
        ColumnValue.TextArray(task.ExpectedOutputIds),
        ColumnValue.Text(task.ParentTaskId),
        ColumnValue.Integer(task.Attempt),
        ColumnValue.Text(task.OwnerAgentId),
        ColumnValue.Time(task.LeaseExpiresAt),
        ColumnValue.Text(task.Error),
        ColumnValue.Time(task.CreatedAt),
        ColumnValue.Time(task.SubmittedAt),
        ColumnValue.Time(task.StartedAt),
        ColumnValue.Time(task.EndedAt),
        ColumnValue.Integer(task.Depth),
        .. TaskOptionsColumns.Values(task.Options),
    ];

    /// <summary>Reads a task selected with <see cref="Select"/>, starting at column <paramref name="first"/>.</summary>
    public static TaskRecord Read(NpgsqlDataReader reader, int first = 0) => new()
    {
        TaskId = reader.GetString(first),
        SessionId = reader.GetString(first + 1),
        Status = (TaskState)reader.GetInt16(first + 2),
        PayloadId = reader.GetString(first + 3),
        DataDependencies = reader.GetFieldValue<string[]>(first + 4),
        ExpectedOutputIds = reader.GetFieldValue<string[]>(first + 5),
        ParentTaskId = reader.NullableString(first + 6),
        Attempt = reader.GetInt32(first + 7),
        OwnerAgentId = reader.NullableString(first + 8),
        LeaseExpiresAt = reader.NullableTime(first + 9),
        Error = reader.NullableString(first + 10),
        CreatedAt = reader.Time(first + 11),
        SubmittedAt = reader.NullableTime(first + 12),
        StartedAt = reader.NullableTime(first + 13),
        EndedAt = reader.NullableTime(first + 14),
        Depth = reader.GetInt32(first + 15),
        Options = TaskOptionsColumns.Read(reader, first + 16),
    };
}
