using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>How a <see cref="ResultRecord"/> maps to a row of <c>results</c>.</summary>
internal static class ResultRows
{
    public const string Columns = "result_id, session_id, name, status, owner_task_id, created_by_task_id, size, created_at, completed_at";

    public const string Insert =
        "INSERT INTO results (result_id, session_id, name, status, owner_task_id, created_by_task_id, size, created_at, completed_at) " +
        "VALUES ($result_id, $session_id, $name, $status, $owner_task_id, $created_by_task_id, $size, $created_at, $completed_at)";

    /// <summary>Writes back every field a transition may change (see <c>ResultTransition.Apply</c>).</summary>
    public const string UpdateState = "UPDATE results SET status = $status, size = $size, completed_at = $completed_at WHERE result_id = $result_id";

    public static ResultRecord Read(SqliteDataReader r) => new()
    {
        ResultId = r.GetString(0),
        SessionId = r.GetString(1),
        Name = r.GetString(2),
        Status = (ResultState)r.GetInt32(3),
        OwnerTaskId = r.NullableString(4),
        CreatedByTaskId = r.NullableString(5),
        Size = r.GetInt64(6),
        CreatedAt = r.Time(7),
        CompletedAt = r.NullableTime(8),
    };

    public static void BindInsert(SqliteCommand command, ResultRecord result)
    {
        BindState(command, result);
        command.Set("$session_id", result.SessionId)
            .Set("$name", result.Name)
            .Set("$owner_task_id", result.OwnerTaskId)
            .Set("$created_by_task_id", result.CreatedByTaskId)
            .Set("$created_at", StoredValues.Ticks(result.CreatedAt));
    }

    public static void BindState(SqliteCommand command, ResultRecord result) =>
        command.Set("$result_id", result.ResultId)
            .Set("$status", (int)result.Status)
            .Set("$size", result.Size)
            .Set("$completed_at", StoredValues.Ticks(result.CompletedAt));

    public static string SortColumn(ResultSort sort) => sort switch
    {
        ResultSort.Name => "name",
        ResultSort.Status => "status",
        ResultSort.Size => "size",
        _ => "created_at",
    };
}
