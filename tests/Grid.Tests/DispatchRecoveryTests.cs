using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;

namespace Grid.Tests;

/// <summary>What a restarting one-process grid repairs of a session that a crash left half way through a step.</summary>
public sealed class DispatchRecoveryTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly GridStorage _storage = InMemoryStorage.Create();

    private DispatchRecovery Recovery() => InMemoryStorage.Recovery(_storage);

    /// <summary>A producer task owning result <c>input</c>, and a consumer Pending on it.</summary>
    private async Task<(TaskRecord Producer, ResultRecord Input, TaskRecord Consumer)> GraphAsync(TaskState producerStatus, ResultState inputStatus)
    {
        await _storage.Sessions.CreateAsync(new SessionRecord { SessionId = "s", Status = SessionState.Running, DefaultOptions = GridTaskOptions.GridDefaults, PartitionIds = [], CreatedAt = Now }, None);
        var producer = Task("producer", producerStatus, [], ["input"]);
        var input = new ResultRecord { SessionId = "s", ResultId = "input", Name = "input", Status = inputStatus, OwnerTaskId = producer.TaskId, CreatedAt = Now };
        var consumer = Task("consumer", TaskState.Pending, ["input"], ["final"]);
        await _storage.Results.CreateAsync([input, new ResultRecord { SessionId = "s", ResultId = "p", Name = "p", Status = ResultState.Completed, CreatedAt = Now }], None);
        // The consumer still waits for the input, whatever the input's state: the crash came before it was told.
        await _storage.Tasks.CreateAsync([new NewTask(producer, []), new NewTask(consumer, ["input"])], None);
        return (producer, input, consumer);
    }

    private static TaskRecord Task(string id, TaskState status, IReadOnlyList<string> dependencies, IReadOnlyList<string> outputs) => new()
    {
        SessionId = "s", TaskId = id, Status = status, Attempt = 1, Options = GridTaskOptions.GridDefaults, PayloadId = "p",
        DataDependencies = dependencies, ExpectedOutputIds = outputs, CreatedAt = Now,
    };

    private async Task<IReadOnlyList<string>> QueuedAsync() =>
        (await _storage.Queue.DequeueAsync(GridTaskOptions.DefaultPartition, 10, TimeSpan.FromMilliseconds(100), None)).Select(m => m.TaskId).ToList();

    [Fact]
    public async Task A_task_waiting_on_a_result_completed_before_the_crash_is_told_and_queued()
    {
        var (_, _, consumer) = await GraphAsync(TaskState.Completed, ResultState.Completed);

        await Recovery().RecoverAsync(takeBackHeldTasks: true, None);

        Assert.Equal(TaskState.Submitted, (await _storage.Tasks.GetAsync(consumer.TaskId, None))!.Status);
        Assert.Contains(consumer.TaskId, await QueuedAsync());
    }

    [Fact]
    public async Task An_output_of_a_task_completed_before_the_crash_is_completed_with_its_stored_size()
    {
        var (_, input, consumer) = await GraphAsync(TaskState.Completed, ResultState.Created);
        await _storage.Objects.WriteAsync(input.ResultId, Chunks(new byte[1234]), None);

        await Recovery().RecoverAsync(takeBackHeldTasks: true, None);

        var read = Assert.Single(await _storage.Results.GetManyAsync([input.ResultId], None));
        Assert.Equal((ResultState.Completed, 1234L), (read.Status, read.Size));
        Assert.Equal(TaskState.Submitted, (await _storage.Tasks.GetAsync(consumer.TaskId, None))!.Status);
    }

    [Fact]
    public async Task An_output_whose_task_did_not_complete_stays_as_it_is()
    {
        var (producer, input, consumer) = await GraphAsync(TaskState.Processing, ResultState.Created);

        await Recovery().RecoverAsync(takeBackHeldTasks: true, None);

        Assert.Equal(ResultState.Created, Assert.Single(await _storage.Results.GetManyAsync([input.ResultId], None)).Status);
        Assert.Equal(TaskState.Pending, (await _storage.Tasks.GetAsync(consumer.TaskId, None))!.Status);
        Assert.Equal((TaskState.Submitted, 2), ((await _storage.Tasks.GetAsync(producer.TaskId, None))!.Status, (await _storage.Tasks.GetAsync(producer.TaskId, None))!.Attempt));
    }

    [Fact]
    public async Task A_task_running_at_the_restart_is_retried_without_the_subtasks_its_lost_attempt_created()
    {
        var (producer, _, _) = await GraphAsync(TaskState.Processing, ResultState.Created);
        var orphan = Task("orphan", TaskState.Creating, [], []) with { ParentTaskId = producer.TaskId };
        await _storage.Tasks.CreateAsync([new NewTask(orphan, [])], None);

        await Recovery().RecoverAsync(takeBackHeldTasks: true, None);

        var read = (await _storage.Tasks.GetAsync(producer.TaskId, None))!;
        Assert.Equal((TaskState.Submitted, 2, "the grid restarted while the task ran"), (read.Status, read.Attempt, read.Error));
        Assert.Null(await _storage.Tasks.GetAsync(orphan.TaskId, None));
    }

    [Fact]
    public async Task A_task_running_at_the_restart_with_no_retry_left_fails_and_its_outputs_are_aborted()
    {
        await GraphAsync(TaskState.Completed, ResultState.Completed); // the session, the payload
        var spent = Task("spent", TaskState.Processing, [], ["out"]) with { Attempt = GridTaskOptions.GridDefaults.MaxRetries!.Value + 1 };
        await _storage.Results.CreateAsync([new ResultRecord { SessionId = "s", ResultId = "out", Name = "out", Status = ResultState.Created, OwnerTaskId = "spent", CreatedAt = Now }], None);
        await _storage.Tasks.CreateAsync([new NewTask(spent, [])], None);

        await Recovery().RecoverAsync(takeBackHeldTasks: true, None);

        Assert.Equal(TaskState.Error, (await _storage.Tasks.GetAsync(spent.TaskId, None))!.Status);
        Assert.Equal(ResultState.Aborted, Assert.Single(await _storage.Results.GetManyAsync(["out"], None)).Status);
        Assert.DoesNotContain(spent.TaskId, await QueuedAsync());
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data)
    {
        await System.Threading.Tasks.Task.Yield();
        yield return data;
    }
}
