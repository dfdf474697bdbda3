using Grid.Core.Model;
using Npgsql;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>How a <see cref="ResultRecord"/> maps to a row of <c>results</c>.</summary>
internal static class ResultRows
{
    public static readonly IReadOnlyList<string> Columns =
        ["result_id", "session_id", "name", "status", "owner_task_id", "created_by_task_id", "size", "created_at", "completed_at"];

    public static string Select(string? alias = null) =>
        string.Join(", ", Columns.Select(c => alias is null ? c : $"{alias}.{c}"));

    public static ResultRecord Read(NpgsqlDataReader reader, int first = 0) => new()
    {
        ResultId = reader.GetString(first),
        SessionId = reader.GetString(first + 1),
        Name = reader.GetString(first + 2),
        Status = (ResultState)reader.GetInt16(first + 3),
        OwnerTaskId = reader.NullableString(first + 4),
        CreatedByTaskId = reader.NullableString(first + 5),
        Size = reader.GetInt64(first + 6),
        CreatedAt = reader.Time(first + 7),
        CompletedAt = reader.NullableTime(first + 8),
    };
}
