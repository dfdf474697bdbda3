using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>How a <see cref="TaskRecord"/> maps to a row of <c>tasks</c>.</summary>
internal static class TaskRows
{
    public const string Columns =
        "task_id, session_id, status, options, payload_id, data_dependencies, expected_output_ids, parent_task_id, " +
        "attempt, owner_agent_id, lease_expires_at, error, created_at, submitted_at, started_at, ended_at, depth";

    public const string Insert =
        "INSERT INTO tasks (task_id, session_id, status, partition_id, options, payload_id, data_dependencies, expected_output_ids, " +
        "parent_task_id, attempt, owner_agent_id, lease_expires_at, error, created_at, submitted_at, started_at, ended_at, depth) VALUES " +
        "($task_id, $session_id, $status, $partition_id, $options, $payload_id, $data_dependencies, $expected_output_ids, " +
        "$parent_task_id, $attempt, $owner_agent_id, $lease_expires_at, $error, $created_at, $submitted_at, $started_at, $ended_at, $depth)";

    /// <summary>Writes back every field a transition may change (see <c>TaskTransition.Apply</c>).</summary>
    public const string UpdateState =
        "UPDATE tasks SET status = $status, attempt = $attempt, owner_agent_id = $owner_agent_id, lease_expires_at = $lease_expires_at, " +
        "error = $error, submitted_at = $submitted_at, started_at = $started_at, ended_at = $ended_at WHERE task_id = $task_id";

    public static TaskRecord Read(SqliteDataReader r) => new()
    {
        TaskId = r.GetString(0),
        SessionId = r.GetString(1),
        Status = (TaskState)r.GetInt32(2),
        Options = StoredValues.Options(r.GetString(3)),
        PayloadId = r.GetString(4),
        DataDependencies = StoredValues.Ids(r.GetString(5)),
        ExpectedOutputIds = StoredValues.Ids(r.GetString(6)),
        ParentTaskId = r.NullableString(7),
        Attempt = r.GetInt32(8),
        OwnerAgentId = r.NullableString(9),
        LeaseExpiresAt = r.NullableTime(10),
        Error = r.NullableString(11),
        CreatedAt = r.Time(12),
        SubmittedAt = r.NullableTime(13),
        StartedAt = r.NullableTime(14),
        EndedAt = r.NullableTime(15),
        Depth = r.GetInt32(16),
    };

    public static void BindInsert(SqliteCommand command, TaskRecord task)
    {
        BindState(command, task);
        command.Set("$session_id", task.SessionId)
            .Set("$partition_id", task.PartitionId)
            .Set("$options", StoredValues.OptionsJson(task.Options))
            .Set("$payload_id", task.PayloadId)
            .Set("$data_dependencies", StoredValues.IdsJson(task.DataDependencies))
            .Set("$expected_output_ids", StoredValues.IdsJson(task.ExpectedOutputIds))
            .Set("$parent_task_id", task.ParentTaskId)
            .Set("$depth", task.Depth)
            .Set("$created_at", StoredValues.Ticks(task.CreatedAt));
    }

    public static void BindState(SqliteCommand command, TaskRecord task) =>
        command.Set("$task_id", task.TaskId)
            .Set("$status", (int)task.Status)
            .Set("$attempt", task.Attempt)
            .Set("$owner_agent_id", task.OwnerAgentId)
            .Set("$lease_expires_at", StoredValues.Ticks(task.LeaseExpiresAt))
            .Set("$error", task.Error)
            .Set("$submitted_at", StoredValues.Ticks(task.SubmittedAt))
            .Set("$started_at", StoredValues.Ticks(task.StartedAt))
            .Set("$ended_at", StoredValues.Ticks(task.EndedAt));

    public static string SortColumn(TaskSort sort) => sort switch
    {
        TaskSort.Status => "status",
        TaskSort.EndedAt => "ended_at",
        TaskSort.TaskId => "task_id",
        _ => "created_at",
    };
}
