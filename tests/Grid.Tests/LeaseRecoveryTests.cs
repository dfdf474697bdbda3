using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;

namespace Grid.Tests;

/// <summary>What the control plane does with tasks whose lease expired, on the embedded tables.</summary>
public sealed class LeaseRecoveryTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CancellationToken None = CancellationToken.None;

    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }

    private readonly GridStorage _storage = InMemoryStorage.Create();

    private LeaseRecovery Recovery()
    {
        var clock = new FixedClock(Now);
        var dispatcher = new ReadyTaskDispatcher(_storage);
        return new LeaseRecovery(_storage, dispatcher, new ResultCompletion(_storage, dispatcher, clock), clock);
    }

    private async Task<TaskRecord> HeldAsync(TaskState status, DateTime leaseExpiresAt, int maxRetries = 1, string? parent = null)
    {
        if (await _storage.Sessions.GetAsync("s", None) is null)
            await _storage.Sessions.CreateAsync(new SessionRecord
            {
                SessionId = "s", Status = SessionState.Running, DefaultOptions = GridTaskOptions.GridDefaults, PartitionIds = [], CreatedAt = Now,
            }, None);
        var output = new ResultRecord { SessionId = "s", ResultId = $"out-{Guid.NewGuid():N}", Name = "out", Status = ResultState.Created, CreatedAt = Now };
        await _storage.Results.CreateAsync([output], None);
        var task = new TaskRecord
        {
            SessionId = "s", TaskId = $"t-{Guid.NewGuid():N}", Status = status, Attempt = 1, OwnerAgentId = "dead-agent", LeaseExpiresAt = leaseExpiresAt,
            Options = GridTaskOptions.GridDefaults with { MaxRetries = maxRetries }, PayloadId = "p", DataDependencies = [], ExpectedOutputIds = [output.ResultId],
            ParentTaskId = parent, CreatedAt = Now.AddMinutes(-5),
        };
        await _storage.Tasks.CreateAsync([new NewTask(task, [])], None);
        return task;
    }

    private async Task<TaskRecord> ReadAsync(TaskRecord task) => (await _storage.Tasks.GetAsync(task.TaskId, None))!;

    [Fact]
    public async Task An_expired_processing_task_with_attempts_left_is_retried_and_its_lost_subtasks_deleted()
    {
        var task = await HeldAsync(TaskState.Processing, Now.AddSeconds(-1), maxRetries: 1);
        var orphan = await HeldAsync(TaskState.Creating, Now, parent: task.TaskId);

        Assert.Single(await Recovery().RecoverAsync(None));

        var read = await ReadAsync(task);
        Assert.Equal((TaskState.Submitted, 2), (read.Status, read.Attempt));
        Assert.Contains("dead-agent", read.Error);
        Assert.Null(await _storage.Tasks.GetAsync(orphan.TaskId, None));
    }

    [Fact]
    public async Task An_expired_processing_task_without_attempts_left_fails_and_aborts_its_outputs()
    {
        var task = await HeldAsync(TaskState.Processing, Now.AddSeconds(-1), maxRetries: 0);

        Assert.Single(await Recovery().RecoverAsync(None));

        Assert.Equal(TaskState.Error, (await ReadAsync(task)).Status);
        var output = Assert.Single(await _storage.Results.GetManyAsync(task.ExpectedOutputIds, None));
        Assert.Equal(ResultState.Aborted, output.Status);
    }

    [Fact]
    public async Task A_task_whose_lease_has_not_expired_is_left_to_its_agent()
    {
        var task = await HeldAsync(TaskState.Processing, Now.AddSeconds(1));

        Assert.Empty(await Recovery().RecoverAsync(None));

        var read = await ReadAsync(task);
        Assert.Equal((TaskState.Processing, 1, "dead-agent"), (read.Status, read.Attempt, read.OwnerAgentId));
    }
}
