using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// Tasks, and in <c>task_inputs</c> the inputs each still waits for. Every change reads the row, checks
/// the condition and writes what <see cref="TaskTransition.Apply"/> returns, inside the single write transaction.
/// </summary>
internal sealed class SqliteTaskTable(SqliteDatabase database) : ITaskTable, IAsyncDisposable
{
    private const string SelectById = $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id = $task_id";
    private const string SelectByIds = $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id IN (SELECT value FROM json_each($ids))";
    private const string HasUnresolvedInputs = "SELECT EXISTS (SELECT 1 FROM task_inputs WHERE task_id = $task_id)";

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var insertTask = connection.Command(transaction, TaskRows.Insert);
            using var insertInput = connection.Command(transaction, "INSERT OR IGNORE INTO task_inputs (task_id, result_id) VALUES ($task_id, $result_id)");
            foreach (var (task, unresolvedInputs) in tasks)
            {
                TaskRows.BindInsert(insertTask, task);
                try
                {
                    insertTask.ExecuteNonQuery();
                }
                catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
                {
                    throw new GridException(GridErrorCode.AlreadyExists, $"task '{task.TaskId}' already exists");
                }
                insertInput.Set("$task_id", task.TaskId);
                foreach (var resultId in unresolvedInputs) insertInput.Set("$result_id", resultId).ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, transaction) =>
        {
            using var select = connection.Command(transaction, SelectById).Set("$task_id", taskId);
            return select.ReadFirst(TaskRows.Read);
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return Task.FromResult<IReadOnlyList<TaskRecord>>([]);
        return database.ReadAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction, SelectByIds).Set("$ids", StoredValues.IdsJson([.. taskIds]));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        database.ReadAsync((connection, transaction) => SqlPaging.Read(connection, transaction, "tasks", TaskRows.Columns,
            Where(filter), page, TaskRows.SortColumn(page.SortBy), "task_id", TaskRows.Read), cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken)
    {
        var where = Where(filter);
        return database.ReadAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var select = where.Bind(connection.Command(transaction, $"SELECT {TaskRows.Columns} FROM tasks {where.Where} LIMIT $limit"))
                .Set("$limit", Math.Max(0, limit));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        var where = Where(filter);
        return database.ReadAsync<IReadOnlyDictionary<TaskState, long>>((connection, transaction) =>
        {
            using var count = where.Bind(connection.Command(transaction, $"SELECT status, COUNT(*) FROM tasks {where.Where} GROUP BY status"));
            return count.ReadAll(r => ((TaskState)r.GetInt32(0), r.GetInt64(1))).ToDictionary(c => c.Item1, c => c.Item2);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction, SelectById);
            using var update = connection.Command(transaction, TaskRows.UpdateState);
            var changed = new List<TaskRecord>(transitions.Count);
            foreach (var transition in transitions)
            {
                var task = select.Set("$task_id", transition.TaskId).ReadFirst(TaskRows.Read);
                if (task is null || !transition.Matches(task)) continue;
                changed.Add(Write(update, transition.Apply(task)));
            }
            return changed;
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var waiting = connection.Command(transaction, "SELECT task_id FROM task_inputs WHERE result_id = $result_id");
            using var forget = connection.Command(transaction, "DELETE FROM task_inputs WHERE result_id = $result_id");
            var touched = new List<string>();
            var seen = new HashSet<string>();
            foreach (var resultId in completedResultIds)
            {
                foreach (var taskId in waiting.Set("$result_id", resultId).ReadAll(r => r.GetString(0)))
                    if (seen.Add(taskId)) touched.Add(taskId);
                forget.Set("$result_id", resultId).ExecuteNonQuery();
            }

            using var stillWaiting = connection.Command(transaction, HasUnresolvedInputs);
            using var select = connection.Command(transaction, SelectById);
            using var update = connection.Command(transaction, TaskRows.UpdateState);
            var ready = new List<TaskRecord>();
            foreach (var taskId in touched)
            {
                if (Convert.ToInt64(stillWaiting.Set("$task_id", taskId).ExecuteScalar()) != 0) continue;
                var task = select.Set("$task_id", taskId).ReadFirst(TaskRows.Read);
                // A Creating task waits for its parent; it is released later with nothing left to wait for.
                if (task is not { Status: TaskState.Pending }) continue;
                ready.Add(Write(update, new TaskTransition(taskId, TaskState.Pending, TaskState.Submitted, at).Apply(task)));
            }
            return ready;
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction, SelectById);
            using var stillWaiting = connection.Command(transaction, HasUnresolvedInputs);
            using var update = connection.Command(transaction, TaskRows.UpdateState);
            var released = new List<TaskRecord>(taskIds.Count);
            foreach (var taskId in taskIds)
            {
                var task = select.Set("$task_id", taskId).ReadFirst(TaskRows.Read);
                if (task is not { Status: TaskState.Creating }) continue;
                var waits = Convert.ToInt64(stillWaiting.Set("$task_id", taskId).ExecuteScalar()) != 0;
                var to = waits ? TaskState.Pending : TaskState.Submitted;
                released.Add(Write(update, new TaskTransition(taskId, TaskState.Creating, to, at).Apply(task)));
            }
            return released;
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return Task.FromResult<IReadOnlyList<TaskRecord>>([]);
        return database.ReadAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction,
                    $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id IN " +
                    "(SELECT task_id FROM task_inputs WHERE result_id IN (SELECT value FROM json_each($ids)))")
                .Set("$ids", StoredValues.IdsJson([.. resultIds]));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            using var renew = connection.Command(transaction,
                $"UPDATE tasks SET lease_expires_at = $expires_at WHERE task_id = $task_id AND owner_agent_id = $agent_id " +
                $"AND status = {(int)TaskState.Processing}");
            renew.Set("$agent_id", agentId).Set("$expires_at", StoredValues.Ticks(expiresAt));
            var renewed = new List<string>(taskIds.Count);
            foreach (var taskId in taskIds)
                if (renew.Set("$task_id", taskId).ExecuteNonQuery() == 1) renewed.Add(taskId);
            return renewed;
        }, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var deleteInputs = connection.Command(transaction, "DELETE FROM task_inputs WHERE task_id = $task_id");
            using var deleteTask = connection.Command(transaction, "DELETE FROM tasks WHERE task_id = $task_id");
            foreach (var taskId in taskIds)
            {
                deleteInputs.Set("$task_id", taskId).ExecuteNonQuery();
                deleteTask.Set("$task_id", taskId).ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var deleteInputs = connection.Command(transaction,
                "DELETE FROM task_inputs WHERE task_id IN (SELECT task_id FROM tasks WHERE session_id = $session_id)");
            deleteInputs.Set("$session_id", sessionId).ExecuteNonQuery();
            using var deleteTasks = connection.Command(transaction, "DELETE FROM tasks WHERE session_id = $session_id");
            deleteTasks.Set("$session_id", sessionId).ExecuteNonQuery();
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static TaskRecord Write(SqliteCommand update, TaskRecord task)
    {
        TaskRows.BindState(update, task);
        update.ExecuteNonQuery();
        return task;
    }

    private static SqlFilter Where(TaskFilter filter) => new SqlFilter()
        .Equal("session_id", filter.SessionId)
        .In("status", filter.Statuses)
        .Equal("partition_id", filter.PartitionId)
        .Equal("parent_task_id", filter.ParentTaskId)
        .After("created_at", filter.CreatedAfter)
        .Before("created_at", filter.CreatedBefore);
}
