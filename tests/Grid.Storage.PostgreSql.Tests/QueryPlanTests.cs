using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>The hot queries use their index on tables big enough for the planner to care.</summary>
public sealed class QueryPlanTests(FreshSchema schema) : IClassFixture<FreshSchema>
{
    private const int Rows = 20_000;

    [Fact]
    public async Task Acquiring_a_task_by_id_uses_the_primary_key()
    {
        var taskId = await FillAsync();
        var plan = await ExplainAsync(TaskTransitionStatement.Sql, command =>
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { taskId } });
            command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = new short[] { (short)TaskState.Submitted } });
            command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = new short[] { (short)TaskState.Processing } });
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = new[] { DateTime.UtcNow } });
            command.Parameters.Add(new NpgsqlParameter("expected_owners", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new string?[] { null } });
            command.Parameters.Add(new NpgsqlParameter("owners", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { "agent" } });
            command.Parameters.Add(new NpgsqlParameter("leases", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = new DateTime?[] { DateTime.UtcNow } });
            command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new string?[] { null } });
            command.Parameters.Add(new NpgsqlParameter("attempts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = new int?[] { null } });
            command.Parameters.Add(new NpgsqlParameter("holds_lease", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = new[] { true } });
            command.Parameters.Add(new NpgsqlParameter("is_final", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = new[] { false } });
            command.Parameters.Add(new NpgsqlParameter("records_event", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = new[] { true } });
            command.Parameters.Add(new NpgsqlParameter("events_channel", NpgsqlDbType.Text) { Value = "grid_events_plan" });
            command.Parameters.Add(new NpgsqlParameter("result_tasks", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Array.Empty<string>() });
            command.Parameters.Add(new NpgsqlParameter("result_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = Array.Empty<string>() });
            command.Parameters.Add(new NpgsqlParameter("result_from", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = Array.Empty<short>() });
            command.Parameters.Add(new NpgsqlParameter("result_to", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = Array.Empty<short>() });
            command.Parameters.Add(new NpgsqlParameter("result_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = Array.Empty<DateTime>() });
            command.Parameters.Add(new NpgsqlParameter("result_sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = Array.Empty<long?>() });
            command.Parameters.Add(new NpgsqlParameter("result_records_event", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = Array.Empty<bool>() });
        });
        Assert.Contains("tasks_pkey", plan);
        Assert.DoesNotContain("Seq Scan on tasks", plan);
    }

    [Fact]
    public async Task Dequeuing_uses_the_ready_index_of_the_partition()
    {
        await FillAsync();
        var plan = await ExplainAsync(PostgreSqlTaskQueue.Take, command =>
        {
            command.Parameters.Add(new NpgsqlParameter("partition", NpgsqlDbType.Text) { Value = "p3" });
            command.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Bigint) { Value = 10L });
            command.Parameters.Add(new NpgsqlParameter("visibility", NpgsqlDbType.Interval) { Value = TimeSpan.FromMinutes(5) });
        });
        Assert.Contains("queue_messages_ready", plan);
        Assert.DoesNotContain("Seq Scan on queue_messages", plan);
    }

    [Fact]
    public async Task Hot_path_statements_keep_one_generic_plan()
    {
        var taskId = await FillAsync();
        await using var connection = await schema.Database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT task_id FROM tasks WHERE task_id = ANY(@ids)", connection);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { taskId } });
        await command.PrepareAsync();
        for (var i = 0; i < 8; i++) Assert.Equal(taskId, await command.ExecuteScalarAsync());

        var (generic, custom) = await PlanCountsAsync(connection, "SELECT task_id FROM tasks WHERE task_id = ANY");
        Assert.Equal(8, generic);
        Assert.Equal(0, custom);
    }

    [Fact]
    public async Task A_hot_path_statement_planned_while_its_table_is_small_still_reaches_rows_by_key()
    {
        // The generic plan is made once, now, on a table of a few rows; left to cost it, PostgreSQL chose a hash join
        // over a scan of the whole table, and kept it as the table grew.
        await using var connection = await schema.Database.DataSource.OpenConnectionAsync();
        await using (var prepare = new NpgsqlCommand("""
            PREPARE set_owners(text[], text[]) AS UPDATE results r SET owner_task_id = o.owner_task_id
            FROM unnest($1, $2) AS o(result_id, owner_task_id) WHERE r.result_id = o.result_id
            """, connection))
            await prepare.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN EXECUTE set_owners('{r}', '{t}')", connection);
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        var plan = string.Join('\n', lines);
        Assert.Contains("results_pkey", plan);
        Assert.DoesNotContain("Seq Scan on results", plan);
    }

    [Fact]
    public async Task Searches_are_planned_for_their_values_until_PostgreSQL_finds_a_generic_plan_as_good()
    {
        await FillAsync();
        await using var connection = await schema.Database.SearchDataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT task_id FROM tasks WHERE status = ANY(@statuses) LIMIT 10", connection);
        command.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = new[] { (short)TaskState.Processing } });
        await command.PrepareAsync();
        for (var i = 0; i < 8; i++) await command.ExecuteScalarAsync();

        // PostgreSQL's own choice: the first five plans are made for the values, later ones only if the generic plan looks worse.
        var (generic, custom) = await PlanCountsAsync(connection, "SELECT task_id FROM tasks WHERE status = ANY");
        Assert.True(custom >= 5, $"{custom} plans made for the values, {generic} generic");
    }

    private static async Task<(long Generic, long Custom)> PlanCountsAsync(NpgsqlConnection connection, string statementStart)
    {
        await using var plans = new NpgsqlCommand(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE starts_with(statement, @start)", connection);
        plans.Parameters.Add(new NpgsqlParameter("start", NpgsqlDbType.Text) { Value = statementStart });
        await using var reader = await plans.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no prepared statement starting with '{statementStart}'");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static readonly SemaphoreSlim Filling = new(1, 1);
    private static readonly Dictionary<string, string> FilledSchemas = new();

    /// <summary>Fills the schema's tasks and queue once; returns the id of a Submitted task.</summary>
    private async Task<string> FillAsync()
    {
        await Filling.WaitAsync();
        try
        {
            if (FilledSchemas.TryGetValue(schema.Name, out var known)) return known;
            var sessionId = Records.NewId("s");
            var tasks = Enumerable.Range(0, Rows).Select(_ => Records.Task(sessionId)).ToList();
            await schema.Tables.Tasks.CreateAsync(tasks.Select(t => new NewTask(t, [])).ToList(), CancellationToken.None);
            await schema.Queue.EnqueueAsync(tasks.Select((t, i) => new QueueItem(t.TaskId, $"p{i % 10}", i % 3)).ToList(), CancellationToken.None);
            await using (var analyze = schema.Database.DataSource.CreateCommand("ANALYZE tasks; ANALYZE queue_messages"))
                await analyze.ExecuteNonQueryAsync();
            return FilledSchemas[schema.Name] = tasks[Rows / 2].TaskId;
        }
        finally
        {
            Filling.Release();
        }
    }

    private async Task<string> ExplainAsync(string sql, Action<NpgsqlCommand> bind)
    {
        await using var command = schema.Database.DataSource.CreateCommand("EXPLAIN " + sql);
        bind(command);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
