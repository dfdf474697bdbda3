using Grid.Storage.PostgreSql.Schema;
using Npgsql;

namespace Grid.Storage.PostgreSql.Tests;

public sealed class SchemaMigrationTests : IAsyncLifetime
{
    private readonly string _schema = TestServer.NewSchemaName("m");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestServer.DropSchemaAsync(_schema);

    [Fact]
    public async Task Migrating_again_applies_nothing_and_keeps_the_data()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestServer.InSchema(_schema));
        var first = await PostgreSqlSchema.MigrateAsync(dataSource, null, CancellationToken.None);
        Assert.Equal(Migrations.All.Select(m => m.Version), first);
        await using (var insert = dataSource.CreateCommand("INSERT INTO task_inputs VALUES ('t', 'r')"))
            await insert.ExecuteNonQueryAsync();

        Assert.Empty(await PostgreSqlSchema.MigrateAsync(dataSource, null, CancellationToken.None));
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM task_inputs");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Processes_migrating_at_once_apply_each_step_exactly_once()
    {
        // Each "process" has a pool of its own, hence connections of its own: only the advisory lock orders them.
        var dataSources = Enumerable.Range(0, 6).Select(_ => NpgsqlDataSource.Create(TestServer.InSchema(_schema))).ToList();
        try
        {
            var applied = await Task.WhenAll(dataSources.Select(ds => Task.Run(() => PostgreSqlSchema.MigrateAsync(ds, null, CancellationToken.None))));
            Assert.Equal(Migrations.All.Select(m => m.Version).Order(), applied.SelectMany(a => a).Order());
            await using var recorded = dataSources[0].CreateCommand($"SELECT count(*) FROM {PostgreSqlSchema.MigrationsTable}");
            Assert.Equal((long)Migrations.All.Count, await recorded.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var ds in dataSources) await ds.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_query_has_its_index()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestServer.InSchema(_schema));
        await PostgreSqlSchema.MigrateAsync(dataSource, null, CancellationToken.None);
        var indexes = new Dictionary<string, string>();
        await using (var command = dataSource.CreateCommand("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = @schema"))
        {
            command.Parameters.AddWithValue("schema", _schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) indexes[reader.GetString(0)] = reader.GetString(1);
        }

        var expected = new Dictionary<string, string>
        {
            ["sessions_pkey"] = "(session_id)",
            ["sessions_by_created_at"] = "(created_at)",
            ["sessions_by_status_created_at"] = "(status, created_at)",
            ["tasks_pkey"] = "(task_id)",
            ["tasks_by_session_status_task_id"] = "(session_id, status, task_id)",
            ["tasks_by_status_task_id"] = "(status, task_id)",
            ["tasks_by_session_created_at"] = "(session_id, created_at)",
            ["tasks_by_status_created_at"] = "(status, created_at)",
            ["tasks_by_parent"] = "(parent_task_id) WHERE (parent_task_id IS NOT NULL)",
            ["task_inputs_pkey"] = "(task_id, result_id)",
            ["task_inputs_by_result"] = "(result_id)",
            ["results_pkey"] = "(result_id)",
            ["results_by_session_created_at"] = "(session_id, created_at)",
            ["results_by_session_name"] = "(session_id, name)",
            ["results_by_session_status"] = "(session_id, status)",
            ["results_by_owner"] = "(owner_task_id) WHERE (owner_task_id IS NOT NULL)",
            ["events_pkey"] = "(session_id, sequence)",
            ["session_event_counters_pkey"] = "(session_id)",
            ["queue_messages_pkey"] = "(message_id)",
            ["queue_messages_ready"] = "(partition_id, priority DESC, message_id) WHERE (taken_until IS NULL)",
            ["queue_messages_taken"] = "(partition_id, taken_until) WHERE (taken_until IS NOT NULL)",
            [$"{PostgreSqlSchema.MigrationsTable}_pkey"] = "(version)",
        };
        foreach (var (name, columns) in expected)
        {
            Assert.True(indexes.TryGetValue(name, out var definition), $"index {name} is missing");
            Assert.EndsWith(columns, definition);
        }
        Assert.Equal(expected.Keys.Order(), indexes.Keys.Order());
    }
}
