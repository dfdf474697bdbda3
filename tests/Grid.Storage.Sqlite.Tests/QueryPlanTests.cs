using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite.Tests;

/// <summary>Every query the tables run is answered from an index, never by scanning a table (throughput must not decay as tables grow).</summary>
[Trait("Backend", "Sqlite")]
public sealed class QueryPlanTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Theory]
    [InlineData("SELECT * FROM tasks WHERE session_id = 's' AND status IN (3, 4)", "tasks_by_session_status_task_id")]
    [InlineData("SELECT * FROM tasks WHERE session_id = 's' AND status IN (3) AND task_id > 't' ORDER BY task_id LIMIT 100", "tasks_by_session_status_task_id")]
    [InlineData("SELECT * FROM tasks WHERE status IN (3) AND task_id > 't' ORDER BY task_id LIMIT 100", "tasks_by_status_task_id")]
    [InlineData("SELECT * FROM tasks WHERE status IN (4, 5)", "tasks_by_status")]
    [InlineData("SELECT * FROM tasks WHERE status IN (3) AND partition_id = 'gpu'", "tasks_by_status_partition")]
    [InlineData("SELECT * FROM tasks WHERE session_id = 's' ORDER BY created_at DESC LIMIT 10", "tasks_by_session_created")]
    [InlineData("SELECT * FROM tasks WHERE session_id = 's' AND created_at > 5 AND created_at < 9", "tasks_by_session")]
    [InlineData("SELECT * FROM tasks WHERE parent_task_id = 'p'", "tasks_by_parent")]
    [InlineData("SELECT task_id FROM task_inputs WHERE result_id = 'r'", "task_inputs_by_result")]
    [InlineData("SELECT EXISTS (SELECT 1 FROM task_inputs WHERE task_id = 't')", "PRIMARY KEY")]
    [InlineData("SELECT * FROM tasks WHERE task_id IN (SELECT task_id FROM task_inputs WHERE result_id IN (SELECT value FROM json_each('[\"r\"]')))", "task_inputs_by_result")]
    [InlineData("SELECT * FROM results WHERE session_id = 's' AND status IN (2)", "results_by_session_status")]
    [InlineData("SELECT * FROM results WHERE session_id = 's' AND name = 'n'", "results_by_session_name")]
    [InlineData("SELECT * FROM results WHERE owner_task_id = 't'", "results_by_owner")]
    [InlineData("SELECT * FROM results WHERE result_id IN (SELECT value FROM json_each('[\"r\"]'))", "sqlite_autoindex_results_1")]
    [InlineData("SELECT * FROM sessions WHERE status IN (1, 2) AND created_at > 5", "sessions_by_status_created")]
    [InlineData("SELECT COALESCE(MAX(sequence), 0) FROM events WHERE session_id = 's'", "PRIMARY KEY")]
    [InlineData("SELECT * FROM events WHERE session_id = 's' AND sequence > 3 ORDER BY sequence LIMIT 10", "PRIMARY KEY")]
    public void The_query_uses_an_index(string sql, string expectedIndex)
    {
        using var connection = new SqliteConnection($"Data Source={fixture.Database.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));

        var text = string.Join(" | ", plan);
        Assert.True(text.Contains(expectedIndex, StringComparison.Ordinal), text);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal) && !step.Contains("json_each") && !step.Contains("USING") && step != "SCAN CONSTANT ROW");
    }
}
