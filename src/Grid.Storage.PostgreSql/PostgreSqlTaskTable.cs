using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// Tasks, and in <c>task_inputs</c> the inputs each still waits for. Whatever decides a task's state from its
/// inputs (resolving, releasing) first locks the task rows, in id order, in a statement of its own: the next
/// statement then sees every change committed by whoever held the lock before (read committed takes a new
/// snapshot per statement), so two resolvers of different inputs of one task cannot both miss the last one.
/// </summary>
public sealed class PostgreSqlTaskTable : ITaskTable
{
    private readonly PostgreSqlDatabase _database;
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _deletionBatchSize;

    internal PostgreSqlTaskTable(PostgreSqlDatabase database, PostgreSqlOptions options) =>
        (_database, _dataSource, _deletionBatchSize) = (database, database.DataSource, Math.Max(1, options.SessionDeletionBatchSize));

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) =>
        TaskCreation.CreateAsync(_database, tasks, cancellationToken);

    public async Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {TaskRows.Select()} FROM tasks WHERE task_id = @id");
        command.Parameters.Add(Parameters.Text("id", taskId));
        return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return [];
        await using var command = _dataSource.CreateCommand($"SELECT {TaskRows.Select()} FROM tasks WHERE task_id = ANY(@ids)");
        command.Parameters.Add(Parameters.TextArray("ids", taskIds));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken)
    {
        var (sortColumn, nullable) = page.SortBy switch
        {
            TaskSort.Status => ("status", false),
            TaskSort.EndedAt => ("ended_at", true),
            TaskSort.TaskId => ("task_id", false),
            _ => ("created_at", false),
        };
        return Listing.PageAsync(_database.SearchDataSource, "tasks", TaskRows.Select(), Conditions(filter), sortColumn, nullable, "task_id", page,
            r => TaskRows.Read(r), cancellationToken);
    }

    public async Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0) return [];
        var conditions = Conditions(filter);
        await using var command = _database.SearchDataSource.CreateCommand($"SELECT {TaskRows.Select()} FROM tasks{conditions.Where} ORDER BY task_id LIMIT @limit");
        conditions.AddParametersTo(command.Parameters);
        command.Parameters.Add(Parameters.BigInt("limit", limit));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
    {
        var conditions = Conditions(filter);
        await using var command = _database.SearchDataSource.CreateCommand($"SELECT status, count(*) FROM tasks{conditions.Where} GROUP BY status");
        conditions.AddParametersTo(command.Parameters);
        var counts = new Dictionary<TaskState, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            counts[(TaskState)reader.GetInt16(0)] = reader.GetInt64(1);
        return counts;
    }

    public Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken) =>
        TaskTransitionStatement.ApplyAsync(_database, transitions, cancellationToken);

    /// <summary>
    /// One round trip, two statements in one implicit transaction: lock the waiting tasks, then delete the edges
    /// and submit the Pending tasks left without any (the edges this statement deletes are still in its own
    /// snapshot, hence the <c>&lt;&gt; ALL</c>). The update is Pending -> Submitted as <see cref="TaskTransition.Apply"/> makes it.
    /// </summary>
    public async Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken)
    {
        if (completedResultIds.Count == 0) return [];
        return await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
        {
            await using var batch = _dataSource.CreateBatch();
            var lockTasks = new NpgsqlBatchCommand("""
                SELECT t.task_id FROM tasks t
                WHERE t.task_id IN (SELECT i.task_id FROM task_inputs i WHERE i.result_id = ANY(@ids))
                ORDER BY t.task_id FOR UPDATE OF t
                """);
            lockTasks.Parameters.Add(Parameters.TextArray("ids", completedResultIds));
            var resolve = new NpgsqlBatchCommand($"""
                WITH removed AS (
                    DELETE FROM task_inputs WHERE result_id = ANY(@ids) RETURNING task_id
                )
                UPDATE tasks t SET status = {(short)TaskState.Submitted}, submitted_at = @at, error = NULL, owner_agent_id = NULL, lease_expires_at = NULL
                FROM (SELECT DISTINCT task_id FROM removed) r
                WHERE t.task_id = r.task_id
                    AND t.status = {(short)TaskState.Pending}
                    AND NOT EXISTS (SELECT 1 FROM task_inputs i WHERE i.task_id = t.task_id AND i.result_id <> ALL(@ids))
                RETURNING {TaskRows.Select("t")}
                """);
            resolve.Parameters.Add(Parameters.TextArray("ids", completedResultIds));
            resolve.Parameters.Add(Parameters.Time("at", at));
            batch.BatchCommands.Add(lockTasks);
            batch.BatchCommands.Add(resolve);
            return await ReadLastResultAsync(batch, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Creating -> Pending while inputs are missing, else Submitted; locks first, like <see cref="ResolveInputsAsync"/>.</summary>
    public async Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return [];
        return await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
        {
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(LockTasks(taskIds));
            var release = new NpgsqlBatchCommand($"""
                UPDATE tasks t SET
                    status = n.to_status,
                    submitted_at = CASE WHEN n.to_status = {(short)TaskState.Submitted} THEN @at ELSE t.submitted_at END,
                    error = CASE WHEN n.to_status = {(short)TaskState.Submitted} THEN NULL ELSE t.error END,
                    owner_agent_id = NULL,
                    lease_expires_at = NULL
                FROM (
                    SELECT x.task_id,
                        CASE WHEN EXISTS (SELECT 1 FROM task_inputs i WHERE i.task_id = x.task_id)
                            THEN {(short)TaskState.Pending} ELSE {(short)TaskState.Submitted} END::smallint AS to_status
                    FROM unnest(@ids) AS x(task_id)
                ) n
                WHERE t.task_id = n.task_id AND t.status = {(short)TaskState.Creating}
                RETURNING {TaskRows.Select("t")}
                """);
            release.Parameters.Add(Parameters.TextArray("ids", taskIds.Distinct()));
            release.Parameters.Add(Parameters.Time("at", at));
            batch.BatchCommands.Add(release);
            return await ReadLastResultAsync(batch, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        if (resultIds.Count == 0) return [];
        await using var command = _dataSource.CreateCommand($"""
            SELECT {TaskRows.Select()} FROM tasks
            WHERE task_id IN (SELECT task_id FROM task_inputs WHERE result_id = ANY(@ids))
            """);
        command.Parameters.Add(Parameters.TextArray("ids", resultIds));
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return [];
        await using var command = _dataSource.CreateCommand($"""
            UPDATE tasks SET lease_expires_at = @expires_at
            WHERE task_id = ANY(@ids) AND owner_agent_id = @agent_id
                AND status = {(short)TaskState.Processing}
            RETURNING task_id
            """);
        command.Parameters.Add(Parameters.TextArray("ids", taskIds));
        command.Parameters.Add(Parameters.Text("agent_id", agentId));
        command.Parameters.Add(Parameters.Time("expires_at", expiresAt));
        var renewed = new List<string>(taskIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) renewed.Add(reader.GetString(0));
        return renewed;
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken)
    {
        if (taskIds.Count == 0) return;
        await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
        {
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(LockTasks(taskIds));
            var deleteInputs = new NpgsqlBatchCommand("DELETE FROM task_inputs WHERE task_id = ANY(@ids)");
            deleteInputs.Parameters.Add(Parameters.TextArray("ids", taskIds));
            var deleteTasks = new NpgsqlBatchCommand("DELETE FROM tasks WHERE task_id = ANY(@ids)");
            deleteTasks.Parameters.Add(Parameters.TextArray("ids", taskIds));
            batch.BatchCommands.Add(deleteInputs);
            batch.BatchCommands.Add(deleteTasks);
            return await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// A batch of the session's tasks found by tasks_by_session_status_task_id (its leading column), then their input rows
    /// by the task_inputs primary key (task_id first) and the tasks by theirs.
    /// </summary>
    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        SessionDeletion.DeleteInBatchesAsync(_dataSource, """
            WITH doomed AS (SELECT task_id FROM tasks WHERE session_id = @session_id LIMIT @batch),
                inputs AS (DELETE FROM task_inputs WHERE task_id IN (SELECT task_id FROM doomed))
            DELETE FROM tasks WHERE task_id IN (SELECT task_id FROM doomed)
            """, sessionId, _deletionBatchSize, cancellationToken);

    private static NpgsqlBatchCommand LockTasks(IReadOnlyCollection<string> taskIds)
    {
        var command = new NpgsqlBatchCommand("SELECT task_id FROM tasks WHERE task_id = ANY(@ids) ORDER BY task_id FOR UPDATE");
        command.Parameters.Add(Parameters.TextArray("ids", taskIds));
        return command;
    }

    private static SqlConditions Conditions(TaskFilter filter)
    {
        var conditions = new SqlConditions();
        if (filter.SessionId is { } sessionId) conditions.Add("session_id = @session_id", () => Parameters.Text("session_id", sessionId));
        if (filter.Statuses.Count > 0)
            conditions.Add("status = ANY(@statuses)", () => Parameters.SmallIntArray("statuses", filter.Statuses.Select(s => (short)s)));
        if (filter.PartitionId is { } partition)
            conditions.Add($"coalesce(partition_id, '{GridTaskOptions.DefaultPartition}') = @partition_id", () => Parameters.Text("partition_id", partition));
        if (filter.ParentTaskId is { } parent) conditions.Add("parent_task_id = @parent_task_id", () => Parameters.Text("parent_task_id", parent));
        if (filter.CreatedAfter is { } after) conditions.Add("created_at > @created_after", () => Parameters.Time("created_after", after));
        if (filter.CreatedBefore is { } before) conditions.Add("created_at < @created_before", () => Parameters.Time("created_before", before));
        if (filter.TaskIdAfter is { } afterId) conditions.Add("task_id > @task_id_after", () => Parameters.Text("task_id_after", afterId));
        return conditions;
    }

    private static async Task<List<TaskRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var found = new List<TaskRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(TaskRows.Read(reader));
        return found;
    }

    /// <summary>Runs the batch and reads the tasks returned by its last statement (the earlier ones only lock).</summary>
    private static async Task<IReadOnlyList<TaskRecord>> ReadLastResultAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 1; i < batch.BatchCommands.Count; i++)
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<TaskRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) found.Add(TaskRows.Read(reader));
        return found;
    }
}
