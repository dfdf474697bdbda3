using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Rows;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// Writes new tasks, their unresolved inputs, the owner of their outputs (<see cref="NewTask.OwnsOutputs"/>) and their
/// creation events atomically: a small batch as one multi-row INSERT (one round trip, one commit), a large one with
/// binary COPY, which is several times faster per row.
/// </summary>
internal static class TaskCreation
{
    /// <summary>Above this many tasks, COPY; below, the parameters of one INSERT stay well under PostgreSQL's 65,535.</summary>
    public const int CopyThreshold = 100;

    public static async Task CreateAsync(PostgreSqlDatabase database, IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0) return;
        var dataSource = database.DataSource;
        var inputs = tasks.SelectMany(t => t.UnresolvedInputs.Distinct().Select(input => (t.Task.TaskId, ResultId: input))).ToList();
        var events = tasks.Select(t => GridEvent.ForNewTask(t.Task, t.Task.CreatedAt)).ToList();
        try
        {
            await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
            {
                if (tasks.Count > CopyThreshold) await CopyAsync(database, tasks, inputs, events, cancellationToken).ConfigureAwait(false);
                else await InsertAsync(database, tasks, inputs, events, cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
        }
        catch (PostgresException e) when (PostgreSqlErrors.IsUniqueViolation(e))
        {
            throw await DuplicateIds.AlreadyExistsAsync(dataSource, "task", "tasks", "task_id", tasks.Select(t => t.Task.TaskId).ToList(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task InsertAsync(PostgreSqlDatabase database, IReadOnlyCollection<NewTask> tasks, List<(string TaskId, string ResultId)> inputs,
        List<GridEvent> events, CancellationToken cancellationToken)
    {
        var columnCount = TaskRows.Columns.Count;
        var rows = tasks.Select((_, row) => "(" + string.Join(", ", Enumerable.Range(row * columnCount + 1, columnCount).Select(p => $"${p}")) + ")");
        var insertTasks = new NpgsqlBatchCommand($"INSERT INTO tasks ({TaskRows.Select()}) VALUES {string.Join(", ", rows)}");
        foreach (var value in tasks.SelectMany(t => TaskRows.Values(t.Task))) insertTasks.Parameters.Add(Parameters.Of(value));

        // The batch runs as one implicit transaction: tasks, inputs and events are written together or not at all.
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(insertTasks);
        if (inputs.Count > 0)
        {
            var insertInputs = new NpgsqlBatchCommand("INSERT INTO task_inputs (task_id, result_id) SELECT * FROM unnest($1, $2)");
            insertInputs.Parameters.Add(Parameters.Of(ColumnValue.TextArray(inputs.Select(i => i.TaskId).ToArray())));
            insertInputs.Parameters.Add(Parameters.Of(ColumnValue.TextArray(inputs.Select(i => i.ResultId).ToArray())));
            batch.BatchCommands.Add(insertInputs);
        }
        if (OwnersOf(tasks) is { } owners) batch.BatchCommands.Add(owners);
        foreach (var append in PostgreSqlEventLog.AppendCommands(events, database.EventsChannel)) batch.BatchCommands.Add(append);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAsync(PostgreSqlDatabase database, IReadOnlyCollection<NewTask> tasks, List<(string TaskId, string ResultId)> inputs,
        List<GridEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY tasks ({TaskRows.Select()}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var task in tasks)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                foreach (var value in TaskRows.Values(task.Task))
                {
                    if (value.Value is null) await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    else await importer.WriteAsync(value.Value, value.Type, cancellationToken).ConfigureAwait(false);
                }
            }
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        if (inputs.Count > 0)
        {
            await using var importer = await connection.BeginBinaryImportAsync("COPY task_inputs (task_id, result_id) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
            foreach (var (taskId, resultId) in inputs)
                await importer.WriteRowAsync(cancellationToken, taskId, resultId).ConfigureAwait(false);
            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var rest = connection.CreateBatch())
        {
            if (OwnersOf(tasks) is { } owners) rest.BatchCommands.Add(owners);
            foreach (var command in PostgreSqlEventLog.AppendCommands(events, database.EventsChannel)) rest.BatchCommands.Add(command);
            await rest.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The owner update of the tasks that own their outputs; null when no task does.</summary>
    private static NpgsqlBatchCommand? OwnersOf(IReadOnlyCollection<NewTask> tasks) =>
        NewTask.OutputOwners(tasks) is { Count: > 0 } owners ? PostgreSqlResultTable.SetOwnersCommand(owners) : null;
}
