using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Grid.Tests;

/// <summary>
/// Restart recovery, the repair and lease recovery go through what they recover page by page: no storage call returns
/// more than a page, however many tasks there are, and none counts the task table.
/// </summary>
public sealed class RecoveryPagingTests
{
    private const int PageSize = 100;
    private const int Tasks = 1_000;
    private static readonly DateTime Now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CountingTaskTable _tasks;
    private readonly GridStorage _storage;

    public RecoveryPagingTests()
    {
        var inner = InMemoryStorage.Create();
        _tasks = new CountingTaskTable(inner.Tasks);
        _storage = inner with { Tasks = _tasks };
    }

    private async Task SubmittedTasksAsync(TaskState status = TaskState.Submitted)
    {
        await _storage.Sessions.CreateAsync(new SessionRecord { SessionId = "s", Status = SessionState.Running, DefaultOptions = GridTaskOptions.GridDefaults, PartitionIds = [], CreatedAt = Now }, None);
        await _storage.Results.CreateAsync([new ResultRecord { SessionId = "s", ResultId = "p", Name = "p", Status = ResultState.Completed, CreatedAt = Now }], None);
        await _storage.Tasks.CreateAsync(Enumerable.Range(0, Tasks).Select(i => new NewTask(new TaskRecord
        {
            SessionId = "s", TaskId = $"t{i:D5}", Status = status, Attempt = 1, Options = GridTaskOptions.GridDefaults, PayloadId = "p",
            DataDependencies = [], ExpectedOutputIds = [], CreatedAt = Now, OwnerAgentId = status == TaskState.Processing ? "gone" : null,
            LeaseExpiresAt = status == TaskState.Processing ? Now : null,
        }, [])).ToList(), None);
        _tasks.Reset();
    }

    private async Task<HashSet<string>> QueuedAsync()
    {
        var queued = new HashSet<string>();
        while (true)
        {
            var messages = await _storage.Queue.DequeueAsync(GridTaskOptions.DefaultPartition, 500, TimeSpan.FromMilliseconds(100), None);
            if (messages.Count == 0) return queued;
            foreach (var message in messages) queued.Add(message.TaskId);
        }
    }

    [Fact]
    public async Task A_restart_requeues_every_submitted_task_reading_at_most_a_page_per_call()
    {
        await SubmittedTasksAsync();

        var (_, requeued) = await InMemoryStorage.Recovery(_storage, PageSize).RecoverAsync(takeBackHeldTasks: true, None);

        Assert.Equal(Tasks, requeued);
        Assert.Equal(Tasks, (await QueuedAsync()).Count);
        Assert.True(_tasks.LargestAnswer <= PageSize, $"a storage call returned {_tasks.LargestAnswer} tasks, more than a page of {PageSize}");
        Assert.Equal(0, _tasks.Counts);
    }

    [Fact]
    public async Task A_restart_takes_back_every_held_task_reading_at_most_a_page_per_call()
    {
        await SubmittedTasksAsync(TaskState.Processing);

        var (takenBack, requeued) = await InMemoryStorage.Recovery(_storage, PageSize).RecoverAsync(takeBackHeldTasks: true, None);

        Assert.Equal((Tasks, Tasks), (takenBack, requeued));
        Assert.True(_tasks.LargestAnswer <= PageSize, $"a storage call returned {_tasks.LargestAnswer} tasks, more than a page of {PageSize}");
    }

    [Fact]
    public async Task The_repair_requeues_every_submitted_task_reading_at_most_a_page_per_call()
    {
        await SubmittedTasksAsync();

        var repair = await InMemoryStorage.Recovery(_storage, PageSize).RepairAsync(None);

        Assert.Equal(Tasks, repair.Requeued);
        Assert.Equal(Tasks, (await QueuedAsync()).Count);
        Assert.True(_tasks.LargestAnswer <= PageSize, $"a storage call returned {_tasks.LargestAnswer} tasks, more than a page of {PageSize}");
    }

    [Fact]
    public async Task The_repair_service_notices_a_stall_without_counting_the_task_table()
    {
        await SubmittedTasksAsync();
        using var service = new DispatchRepairService(_storage, InMemoryStorage.Recovery(_storage, PageSize),
            Options.Create(new DispatchRepairOptions { Interval = TimeSpan.FromMilliseconds(100), PageSize = PageSize }), NullLogger<DispatchRepairService>.Instance);

        await service.StartAsync(None);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var queued = new HashSet<string>();
            while (queued.Count < Tasks)
            {
                var messages = await _storage.Queue.DequeueAsync(GridTaskOptions.DefaultPartition, 500, TimeSpan.FromSeconds(1), deadline.Token);
                foreach (var message in messages) queued.Add(message.TaskId);
            }
        }
        finally
        {
            await service.StopAsync(None);
        }
        Assert.Equal(0, _tasks.Counts);
        Assert.True(_tasks.LargestAnswer <= PageSize, $"a storage call returned {_tasks.LargestAnswer} tasks, more than a page of {PageSize}");
    }

    /// <summary>Records the largest number of tasks any one call returned, and how many times the table was counted.</summary>
    private sealed class CountingTaskTable(ITaskTable inner) : DelegatingTaskTable(inner)
    {
        private int _largestAnswer, _counts;

        public int LargestAnswer => Volatile.Read(ref _largestAnswer);
        public int Counts => Volatile.Read(ref _counts);

        public void Reset() => (_largestAnswer, _counts) = (0, 0);

        public override async Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken) =>
            Seen(await base.FindAsync(filter, limit, cancellationToken));

        public override async Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
            Seen(await base.GetManyAsync(taskIds, cancellationToken));

        public override async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken) =>
            Seen(await base.TransitionAsync(transitions, cancellationToken));

        public override async Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
            Seen(await base.ResolveInputsAsync(completedResultIds, at, cancellationToken));

        public override async Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
            Seen(await base.ReleaseAsync(taskIds, at, cancellationToken));

        public override async Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken)
        {
            var listed = await base.ListAsync(filter, page, cancellationToken);
            Seen(listed.Items);
            return listed;
        }

        public override Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _counts);
            return base.CountByStatusAsync(filter, cancellationToken);
        }

        private IReadOnlyList<TaskRecord> Seen(IReadOnlyList<TaskRecord> tasks)
        {
            int seen;
            while (tasks.Count > (seen = Volatile.Read(ref _largestAnswer)) && Interlocked.CompareExchange(ref _largestAnswer, tasks.Count, seen) != seen) { }
            return tasks;
        }
    }
}
