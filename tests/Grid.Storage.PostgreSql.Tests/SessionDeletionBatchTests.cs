using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>A session larger than one deletion batch is deleted whole, batch after batch.</summary>
public sealed class SessionDeletionBatchTests(FreshSchema schema) : IClassFixture<FreshSchema>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_session_of_several_batches_is_deleted_entirely()
    {
        var options = new PostgreSqlOptions { ConnectionString = schema.Options.ConnectionString, PollInterval = schema.Options.PollInterval, SessionDeletionBatchSize = 2 };
        var tables = PostgreSqlBackend.TablesOf(schema.Database, options);
        var sessionId = Records.NewId("s");
        var inputs = Enumerable.Range(0, 5).Select(_ => Records.Result(sessionId)).ToList();
        var waiting = inputs.Select(input => Records.Task(sessionId, TaskState.Pending, dependencies: [input.ResultId])).ToList();
        await tables.Results.CreateAsync(inputs, None);
        await tables.Tasks.CreateAsync(waiting.Select(t => new NewTask(t, t.DataDependencies)).ToList(), None);
        await tables.Events.AppendAsync(waiting.Select(t => GridEvent.ForNewTask(t, Records.Epoch)).ToList(), None);

        await tables.Tasks.DeleteSessionAsync(sessionId, None);
        await tables.Results.DeleteSessionAsync(sessionId, None);
        await tables.Events.DeleteSessionAsync(sessionId, None);

        Assert.Empty(await tables.Tasks.FindAsync(new TaskFilter { SessionId = sessionId }, 100, None));
        await using (var leftInputs = schema.Database.DataSource.CreateCommand("SELECT count(*) FROM task_inputs WHERE task_id = ANY(@ids)"))
        {
            leftInputs.Parameters.AddWithValue("ids", waiting.Select(t => t.TaskId).ToArray());
            Assert.Equal(0L, await leftInputs.ExecuteScalarAsync());
        }
        Assert.Empty(await tables.Results.GetManyAsync(inputs.Select(r => r.ResultId).ToList(), None));
        Assert.Equal(0UL, await tables.Events.LastSequenceAsync(sessionId, None));
        Assert.Empty(await tables.Events.ReadAsync(sessionId, 0, 100, None));
    }
}
