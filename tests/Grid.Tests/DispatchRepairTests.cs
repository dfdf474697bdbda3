using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Tests;

/// <summary>
/// What the control plane repairs while the grid runs (<see cref="DispatchRecovery.RepairAsync"/>), when a storage
/// outage cut a step between two commits, and when it does so (<see cref="DispatchRepairService"/>: once the task
/// counts stood still for an interval). Unlike a restart's recovery, it takes nothing back from the agents.
/// </summary>
public sealed class DispatchRepairTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly GridStorage _storage = InMemoryStorage.Create();

    private DispatchRecovery Recovery() => InMemoryStorage.Recovery(_storage);

    private async Task SessionAsync()
    {
        await _storage.Sessions.CreateAsync(new SessionRecord { SessionId = "s", Status = SessionState.Running, DefaultOptions = GridTaskOptions.GridDefaults, PartitionIds = [], CreatedAt = Now }, None);
        await _storage.Results.CreateAsync([Result("p", ResultState.Completed, owner: null)], None);
    }

    private static TaskRecord Task(string id, TaskState status, IReadOnlyList<string> outputs, string? parent = null) => new()
    {
        SessionId = "s", TaskId = id, Status = status, Attempt = 1, Options = GridTaskOptions.GridDefaults, PayloadId = "p",
        DataDependencies = [], ExpectedOutputIds = outputs, ParentTaskId = parent, Depth = parent is null ? 0 : 1, CreatedAt = Now,
    };

    private static ResultRecord Result(string id, ResultState status, string? owner) =>
        new() { SessionId = "s", ResultId = id, Name = id, Status = status, OwnerTaskId = owner, CreatedAt = Now };

    private async Task<TaskState> StatusOfAsync(string taskId) => (await _storage.Tasks.GetAsync(taskId, None))!.Status;

    private async Task<ResultRecord> ResultAsync(string resultId) => Assert.Single(await _storage.Results.GetManyAsync([resultId], None));

    private async Task<IReadOnlyList<string>> QueuedAsync(TimeSpan wait)
    {
        var messages = await _storage.Queue.DequeueAsync(GridTaskOptions.DefaultPartition, 10, wait, None);
        foreach (var message in messages) await message.AcknowledgeAsync();
        return messages.Select(m => m.TaskId).ToList();
    }

    [Fact]
    public async Task A_submitted_task_whose_message_was_never_published_is_queued_and_tasks_held_by_agents_stay_theirs()
    {
        await SessionAsync();
        await _storage.Tasks.CreateAsync([
            new NewTask(Task("unqueued", TaskState.Submitted, []), []),
            new NewTask(Task("processing", TaskState.Processing, []), []),
        ], None);

        var repair = await Recovery().RepairAsync(None);

        Assert.Equal((0, 0, 1), repair);
        Assert.Equal(["unqueued"], await QueuedAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TaskState.Processing, await StatusOfAsync("processing"));
    }

    [Fact]
    public async Task Subtasks_left_Creating_under_a_completed_parent_are_released_queued_and_own_the_output_handed_over()
    {
        await SessionAsync();
        // The parent's success was stored; the hand-over of its output and the release of its subtask were not.
        await _storage.Results.CreateAsync([Result("out", ResultState.Created, owner: "parent")], None);
        await _storage.Tasks.CreateAsync([
            new NewTask(Task("parent", TaskState.Completed, ["out"]), []),
            new NewTask(Task("child", TaskState.Creating, ["out"], parent: "parent"), []),
        ], None);

        var repair = await Recovery().RepairAsync(None);

        Assert.Equal(1, repair.Released);
        Assert.Equal(TaskState.Submitted, await StatusOfAsync("child"));
        // Queued when released and again with every Submitted task: a duplicate message is harmless.
        Assert.Equal(["child"], (await QueuedAsync(TimeSpan.FromMilliseconds(100))).Distinct());
        // The output is the subtask's to write now: the completed parent must not complete it.
        var output = await ResultAsync("out");
        Assert.Equal(("child", ResultState.Created), (output.OwnerTaskId, output.Status));
    }

    [Fact]
    public async Task Subtasks_of_a_parent_still_running_stay_Creating()
    {
        await SessionAsync();
        await _storage.Results.CreateAsync([Result("out", ResultState.Created, owner: "parent")], None);
        await _storage.Tasks.CreateAsync([
            new NewTask(Task("parent", TaskState.Processing, ["out"]), []),
            new NewTask(Task("child", TaskState.Creating, ["out"], parent: "parent"), []),
        ], None);

        var repair = await Recovery().RepairAsync(None);

        Assert.Equal((0, 0, 0), repair);
        Assert.Equal(TaskState.Creating, await StatusOfAsync("child"));
        Assert.Empty(await QueuedAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task A_final_output_nothing_waits_for_of_a_completed_task_is_completed_with_its_stored_size()
    {
        await SessionAsync();
        // Its data and its task's completion were stored, its own completion was not; no task depends on it.
        await _storage.Results.CreateAsync([Result("final", ResultState.Created, owner: "producer")], None);
        await _storage.Tasks.CreateAsync([new NewTask(Task("producer", TaskState.Completed, ["final"]), [])], None);
        await _storage.Objects.WriteAsync("final", Chunks(new byte[321]), None);

        // A restart's recovery finishes only the inputs of waiting tasks: this output is not one.
        await Recovery().RecoverAsync(takeBackHeldTasks: false, None);
        Assert.Equal(ResultState.Created, (await ResultAsync("final")).Status);

        var repair = await Recovery().RepairAsync(None);

        Assert.Equal(1, repair.OutputsCompleted);
        var final = await ResultAsync("final");
        Assert.Equal((ResultState.Completed, 321L), (final.Status, final.Size));
    }

    [Fact]
    public async Task A_final_output_of_a_completed_task_without_stored_data_stays_Created()
    {
        await SessionAsync();
        await _storage.Results.CreateAsync([Result("final", ResultState.Created, owner: "producer")], None);
        await _storage.Tasks.CreateAsync([new NewTask(Task("producer", TaskState.Completed, ["final"]), [])], None);

        var repair = await Recovery().RepairAsync(None);

        Assert.Equal(0, repair.OutputsCompleted);
        Assert.Equal(ResultState.Created, (await ResultAsync("final")).Status);
    }

    [Fact]
    public async Task A_paused_session_is_left_for_its_resumption_and_repaired_once_it_runs()
    {
        await SessionAsync();
        await _storage.Results.CreateAsync([Result("final", ResultState.Created, owner: "producer")], None);
        await _storage.Tasks.CreateAsync([
            new NewTask(Task("producer", TaskState.Completed, ["final"]), []),
            new NewTask(Task("unqueued", TaskState.Submitted, []), []),
        ], None);
        await _storage.Objects.WriteAsync("final", Chunks(new byte[5]), None);
        var paused = await _storage.Sessions.TryTransitionAsync("s", SessionState.Running, SessionState.Paused, Now, None);
        Assert.NotNull(paused);

        Assert.Equal((0, 0, 0), await Recovery().RepairAsync(None));
        Assert.Equal(ResultState.Created, (await ResultAsync("final")).Status);
        Assert.Empty(await QueuedAsync(TimeSpan.FromMilliseconds(100)));

        Assert.NotNull(await _storage.Sessions.TryTransitionAsync("s", SessionState.Paused, SessionState.Running, Now, None));
        Assert.Equal((0, 1, 1), await Recovery().RepairAsync(None));
        Assert.Equal(ResultState.Completed, (await ResultAsync("final")).Status);
        Assert.Equal(["unqueued"], await QueuedAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task The_service_repairs_once_when_the_task_counts_stand_still_and_not_again_for_the_same_counts()
    {
        await SessionAsync();
        await _storage.Tasks.CreateAsync([new NewTask(Task("unqueued", TaskState.Submitted, []), [])], None);
        var interval = TimeSpan.FromMilliseconds(100);
        using var service = new DispatchRepairService(_storage, Recovery(), Options.Create(new DispatchRepairOptions { Interval = interval }),
            NullLogger<DispatchRepairService>.Instance);

        await service.StartAsync(None);
        try
        {
            // Two ticks with the same counts, then the repair: well within the wait.
            Assert.Equal(["unqueued"], await QueuedAsync(TimeSpan.FromSeconds(10)));
            // The counts did not change, so the state counts as repaired: no second message over ten more intervals.
            Assert.Empty(await QueuedAsync(10 * interval));
        }
        finally
        {
            await service.StopAsync(None);
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] data)
    {
        await System.Threading.Tasks.Task.Yield();
        yield return data;
    }
}
