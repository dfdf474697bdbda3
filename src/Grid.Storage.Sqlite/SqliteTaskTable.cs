using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// Tasks, and in <c>task_inputs</c> the inputs each still waits for. Every change reads the row, checks
/// the condition and writes what <see cref="TaskTransition.Apply"/> returns; the result changes that go with it
/// (<see cref="TaskTransition.ResultTransitions"/>, <see cref="NewTask.OwnsOutputs"/>) and the events it asks for are
/// written in the same transaction.
/// </summary>
internal sealed class SqliteTaskTable(SqliteDatabase database, SqliteEventLog events) : ITaskTable, IAsyncDisposable
{
    private const string SelectById = $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id = $task_id";
    private const string SelectByIds = $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id IN (SELECT value FROM json_each($ids))";
    private const string HasUnresolvedInputs = "SELECT EXISTS (SELECT 1 FROM task_inputs WHERE task_id = $task_id)";

    public async Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        var appended = await database.WriteAsync((connection, transaction) =>
        {
            var insertTask = connection.Prepared(transaction, TaskRows.Insert);
            var insertInput = connection.Prepared(transaction, "INSERT OR IGNORE INTO task_inputs (task_id, result_id) VALUES ($task_id, $result_id)");
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
            var owners = NewTask.OutputOwners(tasks);
            if (owners.Count > 0) SqliteResultTable.SetOwners(connection, transaction, owners);
            return SqliteEventLog.Append(connection, transaction, tasks.Select(t => GridEvent.ForNewTask(t.Task, t.Task.CreatedAt)).ToList());
        }, cancellationToken).ConfigureAwait(false);
        events.Appended(appended);
    }

    public Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            var select = connection.Prepared(SelectById).Set("$task_id", taskId);
            return select.ReadFirst(TaskRows.Read);
        }, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return Task.FromResult<IReadOnlyList<TaskRecord>>([]);
        return database.ReadAsync<IReadOnlyList<TaskRecord>>(connection =>
        {
            var select = connection.Prepared(SelectByIds).Set("$ids", StoredValues.IdsJson([.. taskIds]));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync((connection, transaction) => SqlPaging.Read(connection, transaction, "tasks", TaskRows.Columns,
            Where(filter), page, TaskRows.SortColumn(page.SortBy), "task_id", TaskRows.Read), cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken)
    {
        var where = Where(filter);
        return database.ReadAsync<IReadOnlyList<TaskRecord>>(connection =>
        {
            using var select = where.Bind(connection.Command(null, $"SELECT {TaskRows.Columns} FROM tasks {where.Where} ORDER BY task_id LIMIT $limit"))
                .Set("$limit", Math.Max(0, limit));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        var where = Where(filter);
        return database.ReadAsync<IReadOnlyDictionary<TaskState, long>>(connection =>
        {
            using var count = where.Bind(connection.Command(null, $"SELECT status, COUNT(*) FROM tasks {where.Where} GROUP BY status"));
            return count.ReadAll(r => ((TaskState)r.GetInt32(0), r.GetInt64(1))).ToDictionary(c => c.Item1, c => c.Item2);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var (changed, appended) = await database.WriteAsync((connection, transaction) =>
        {
            var select = connection.Prepared(transaction, SelectById);
            var update = connection.Prepared(transaction, TaskRows.UpdateState);
            var changed = new List<TaskRecord>(transitions.Count);
            foreach (var transition in transitions)
            {
                var task = select.Set("$task_id", transition.TaskId).ReadFirst(TaskRows.Read);
                if (task is null || !transition.Matches(task)) continue;
                changed.Add(Write(update, transition.Apply(task)));
            }
            var resultTransitions = TaskTransition.ResultTransitionsOf(transitions, changed);
            var changedResults = SqliteResultTable.Transition(connection, transaction, resultTransitions);
            var recorded = TaskTransition.EventsOf(transitions, changed);
            recorded.AddRange(ResultTransition.EventsOf(resultTransitions, changedResults));
            return (changed, SqliteEventLog.Append(connection, transaction, recorded));
        }, cancellationToken).ConfigureAwait(false);
        events.Appended(appended);
        return changed;
    }

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<TaskRecord>>((connection, transaction) =>
        {
            var forget = connection.Prepared(transaction, "DELETE FROM task_inputs WHERE result_id = $result_id RETURNING task_id");
            var touched = new List<string>();
            var seen = new HashSet<string>();
            foreach (var resultId in completedResultIds)
                foreach (var taskId in forget.Set("$result_id", resultId).ReadAll(r => r.GetString(0)))
                    if (seen.Add(taskId)) touched.Add(taskId);
            if (touched.Count == 0) return [];

            var stillWaiting = connection.Prepared(transaction, HasUnresolvedInputs);
            var select = connection.Prepared(transaction, SelectById);
            var update = connection.Prepared(transaction, TaskRows.UpdateState);
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
            var select = connection.Prepared(transaction, SelectById);
            var stillWaiting = connection.Prepared(transaction, HasUnresolvedInputs);
            var update = connection.Prepared(transaction, TaskRows.UpdateState);
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
        return database.ReadAsync<IReadOnlyList<TaskRecord>>(connection =>
        {
            var select = connection.Prepared(
                    $"SELECT {TaskRows.Columns} FROM tasks WHERE task_id IN " +
                    "(SELECT task_id FROM task_inputs WHERE result_id IN (SELECT value FROM json_each($ids)))")
                .Set("$ids", StoredValues.IdsJson([.. resultIds]));
            return select.ReadAll(TaskRows.Read);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var renew = connection.Prepared(transaction,
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
            var deleteInputs = connection.Prepared(transaction, "DELETE FROM task_inputs WHERE task_id = $task_id");
            var deleteTask = connection.Prepared(transaction, "DELETE FROM tasks WHERE task_id = $task_id");
            foreach (var taskId in taskIds)
            {
                deleteInputs.Set("$task_id", taskId).ExecuteNonQuery();
                deleteTask.Set("$task_id", taskId).ExecuteNonQuery();
            }
        }, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            var deleteInputs = connection.Prepared(transaction,
                "DELETE FROM task_inputs WHERE task_id IN (SELECT task_id FROM tasks WHERE session_id = $session_id)");
            deleteInputs.Set("$session_id", sessionId).ExecuteNonQuery();
            var deleteTasks = connection.Prepared(transaction, "DELETE FROM tasks WHERE session_id = $session_id");
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
        .Before("created_at", filter.CreatedBefore)
        .GreaterThan("task_id", filter.TaskIdAfter);
}
