using System.Diagnostics;
using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;
using Xunit.Abstractions;

namespace Grid.Storage.PostgreSql.Tests;

public sealed class TaskCreationTests(FreshSchema schema, ITestOutputHelper output) : IClassFixture<FreshSchema>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Ten_thousand_tasks_with_inputs_are_created_in_one_call_quickly()
    {
        var tasks = schema.Tables.Tasks;
        var sessionId = Records.NewId("s");
        var input = Records.NewId("r");
        var batch = Enumerable.Range(0, 10_000).Select(_ => Records.Task(sessionId, TaskState.Pending, dependencies: [input])).ToList();

        // A first, smaller batch takes the one-off costs (JIT, type resolution) out of the measurement.
        await tasks.CreateAsync(Enumerable.Range(0, 200).Select(_ => new NewTask(Records.Task(Records.NewId("s")), [])).ToList(), None);
        var clock = Stopwatch.StartNew();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [t.PayloadId, input])).ToList(), None);
        output.WriteLine($"created 10,000 tasks in {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"creating 10,000 tasks took {clock.Elapsed}");

        Assert.Equal(10_000L, (await tasks.CountByStatusAsync(new TaskFilter { SessionId = sessionId }, None))[TaskState.Pending]);
        Assert.Equal(10_000, (await tasks.FindWaitingOnAsync([input], None)).Count);
        clock.Restart();
        Assert.Empty(await tasks.ResolveInputsAsync([input], Records.Epoch, None)); // each still waits for its payload
        Assert.Equal(10_000, (await tasks.ResolveInputsAsync(batch.Select(t => t.PayloadId).ToList(), Records.Epoch, None)).Count);
        output.WriteLine($"resolved 20,000 inputs of 10,000 tasks in {clock.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public async Task A_duplicate_task_id_is_refused_naming_it_and_nothing_of_the_batch_is_kept(int batchSize)
    {
        var tasks = schema.Tables.Tasks;
        var sessionId = Records.NewId("s");
        var existing = Records.Task(sessionId);
        await tasks.CreateAsync([new NewTask(existing, [])], None);

        var batch = Enumerable.Range(0, batchSize - 1).Select(_ => Records.Task(sessionId)).Append(existing).ToList();
        var error = await Assert.ThrowsAsync<GridException>(() => tasks.CreateAsync(batch.Select(t => new NewTask(t, [Records.NewId("r")])).ToList(), None));
        Assert.Equal(GridErrorCode.AlreadyExists, error.Code);
        Assert.Contains(existing.TaskId, error.Message);
        Assert.Single(await tasks.FindAsync(new TaskFilter { SessionId = sessionId }, 1000, None));

        var twice = Records.Task(sessionId);
        error = await Assert.ThrowsAsync<GridException>(() => tasks.CreateAsync([new NewTask(twice, []), new NewTask(twice, [])], None));
        Assert.Equal(GridErrorCode.AlreadyExists, error.Code);
        Assert.Contains(twice.TaskId, error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public async Task A_task_reads_back_equal_to_what_was_created(int batchSize)
    {
        var tasks = schema.Tables.Tasks;
        var batch = Enumerable.Range(0, batchSize).Select(i => Records.Task(Records.NewId("s"), parent: "p") with
        {
            Options = new GridTaskOptions { MaxDuration = TimeSpan.FromMilliseconds(1500), MaxRetries = 0, Priority = 9, PartitionId = "gpu", ApplicationName = "app", ApplicationVersion = "1.2", Options = new Dictionary<string, string> { ["é"] = "\"quoted\"" } },
            OwnerAgentId = "agent", LeaseExpiresAt = Records.Epoch.AddTicks(10), Error = "e", Attempt = 4,
            StartedAt = Records.Epoch.AddDays(1), EndedAt = Records.Epoch.AddDays(2),
        }).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [])).ToList(), None);

        var read = await tasks.GetAsync(batch[^1].TaskId, None);
        Assert.NotNull(read);
        Assert.Equal(batch[^1].DataDependencies, read.DataDependencies);
        Assert.Equal(batch[^1].ExpectedOutputIds, read.ExpectedOutputIds);
        Assert.Equal(batch[^1].Options.Options, read.Options.Options);
        Assert.Equal(batch[^1], read with { DataDependencies = batch[^1].DataDependencies, ExpectedOutputIds = batch[^1].ExpectedOutputIds, Options = read.Options with { Options = batch[^1].Options.Options } });
    }
}
