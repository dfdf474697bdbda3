using System.Diagnostics;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;
using Xunit.Abstractions;

namespace Grid.Storage.Sqlite.Tests;

[Trait("Backend", "Sqlite")]
public sealed class LargeBatchTests(SqliteDatabaseFixture fixture, ITestOutputHelper output) : IClassFixture<SqliteDatabaseFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Ten_thousand_tasks_created_in_one_batch_are_all_there_and_all_resolve()
    {
        var tables = fixture.Database.Tables;
        var sessionId = Records.NewId("s");
        var shared = Records.NewId("r");
        var batch = Enumerable.Range(0, 10_000)
            .Select(i => Records.Task(sessionId, TaskState.Pending, dependencies: [shared], createdAt: Records.Epoch.AddTicks(i)))
            .ToList();

        var clock = Stopwatch.StartNew();
        await tables.Tasks.CreateAsync(batch.Select(t => new NewTask(t, [shared])).ToList(), None);
        output.WriteLine($"created 10,000 tasks in {clock.ElapsedMilliseconds} ms");

        Assert.Equal(new Dictionary<TaskState, long> { [TaskState.Pending] = 10_000 },
            await tables.Tasks.CountByStatusAsync(new TaskFilter { SessionId = sessionId }, None));
        var read = await tables.Tasks.GetManyAsync(batch.Select(t => t.TaskId).ToList(), None);
        Assert.Equal(batch.Select(t => t.TaskId).ToHashSet(), read.Select(t => t.TaskId).ToHashSet());
        var last = await tables.Tasks.ListAsync(new TaskFilter { SessionId = sessionId }, new PageQuery<TaskSort>(TaskSort.CreatedAt, true, 0, 1), None);
        Assert.Equal((10_000L, batch[^1].TaskId), (last.Total, Assert.Single(last.Items).TaskId));

        clock.Restart();
        var submitted = await tables.Tasks.ResolveInputsAsync([shared], Records.Epoch, None);
        output.WriteLine($"resolved the input of 10,000 tasks in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(10_000, submitted.Count);
        Assert.Equal(new Dictionary<TaskState, long> { [TaskState.Submitted] = 10_000 },
            await tables.Tasks.CountByStatusAsync(new TaskFilter { SessionId = sessionId }, None));
    }
}
