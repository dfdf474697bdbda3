using Grid.Core;
using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Core.Operations;
using Grid.Core.Storage;

namespace Grid.Tests;

/// <summary>
/// Every move of the task lifecycle table, made by the operation that makes it in the grid, on the
/// embedded tables; and every move the table does not allow, refused. The move made by the polling agent
/// itself (taking a task, which starts it) is shown on a running grid by <see cref="AgentTaskTransitionTests"/>.
/// </summary>
// In the grid collection, not beside it: LargeResultTests measures the heap of the whole test process.
[Collection("grid")]
public sealed class TaskLifecycleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Moves made only inside the polling agent's <c>TaskRunner</c>.</summary>
    public static readonly (TaskState From, TaskState To)[] MadeByTheAgent = [(TaskState.Submitted, TaskState.Processing)];

    private readonly GridStorage _storage = InMemoryStorage.Create();
    private readonly TimeProvider _clock = TimeProvider.System;

    private ReadyTaskDispatcher Dispatcher => new(_storage);
    private ResultCompletion Completion => new(_storage, Dispatcher, _clock);
    private TaskFinisher Finisher => new(_storage, Completion, Dispatcher, _clock);
    private SessionOperations Sessions => new(_storage, Dispatcher, Completion, new PartitionCatalog([]), _clock);
    private TaskSubmitter Submitter => new(_storage, Dispatcher, Completion, new GridLimits(), _clock);
    private LeaseRecovery LeaseRecovery => new(_storage, Dispatcher, Completion, _clock);

    /// <summary>For each move of the table, the operation that makes it; each returns the task after the move.</summary>
    private IReadOnlyDictionary<(TaskState From, TaskState To), Func<TaskRecord, Task<TaskRecord?>>> Operations() => new Dictionary<(TaskState, TaskState), Func<TaskRecord, Task<TaskRecord?>>>
    {
        // A subtask is released when its parent succeeds: Pending while an input is missing, Submitted otherwise.
        [(TaskState.Creating, TaskState.Pending)] = async subtask => await ParentSucceedsAsync(subtask),
        [(TaskState.Creating, TaskState.Submitted)] = async subtask => await ParentSucceedsAsync(subtask),
        [(TaskState.Creating, TaskState.Cancelled)] = async subtask => { await Sessions.CancelAsync(subtask.SessionId, None); return await ReadAsync(subtask); },
        [(TaskState.Pending, TaskState.Submitted)] = async task => { await Completion.CompleteAsync([(task.DataDependencies[0], 1)], None); return await ReadAsync(task); },
        [(TaskState.Pending, TaskState.Cancelled)] = CancelAsync,
        [(TaskState.Pending, TaskState.Error)] = async task => { await Completion.AbortAsync([task.DataDependencies[0]], None); return await ReadAsync(task); },
        [(TaskState.Submitted, TaskState.Cancelled)] = CancelAsync,
        [(TaskState.Processing, TaskState.Completed)] = task =>
        {
            var outcome = new AttemptOutcome();
            outcome.ProducedOutputs[task.ExpectedOutputIds[0]] = 2;
            return Finisher.SucceedAsync(task, outcome, None);
        },
        [(TaskState.Processing, TaskState.Error)] = task => Finisher.FailAsync(task, new AttemptOutcome(), "worker: bad input", retryable: false, TaskState.Error, None),
        [(TaskState.Processing, TaskState.Timeout)] = task => Finisher.FailAsync(task, new AttemptOutcome(), "timed out", retryable: true, TaskState.Timeout, None),
        [(TaskState.Processing, TaskState.Submitted)] = task => Finisher.FailAsync(task, new AttemptOutcome(), "worker threw", retryable: true, TaskState.Error, None),
        [(TaskState.Processing, TaskState.Cancelled)] = CancelAsync,
    };

    public static TheoryData<TaskState, TaskState> MovesMadeByOperations()
    {
        var data = new TheoryData<TaskState, TaskState>();
        foreach (var (from, to) in TableMoves().Except(MadeByTheAgent)) data.Add(from, to);
        return data;
    }

    public static TheoryData<TaskState, TaskState> MovesTheTableRefuses()
    {
        var data = new TheoryData<TaskState, TaskState>();
        foreach (var from in Enum.GetValues<TaskState>())
            foreach (var to in Enum.GetValues<TaskState>())
                if (!Lifecycles.Task.CanMove(from, to)) data.Add(from, to);
        return data;
    }

    public static TheoryData<TaskState> FinalStates()
    {
        var data = new TheoryData<TaskState>();
        foreach (var state in Enum.GetValues<TaskState>().Where(Lifecycles.Task.IsFinal)) data.Add(state);
        return data;
    }

    [Fact]
    public void Every_move_of_the_table_is_made_by_an_operation_or_by_the_agent_and_nothing_else()
    {
        var made = Operations().Keys.Concat(MadeByTheAgent).Order().ToList();
        Assert.Equal(TableMoves().Order(), made);
    }

    [Theory]
    [MemberData(nameof(MovesMadeByOperations))]
    public async Task An_allowed_move_is_made_by_its_operation(TaskState from, TaskState to)
    {
        var task = await TaskInAsync(from, waitsForInput: to == TaskState.Pending || from == TaskState.Pending, retriesLeft: to == TaskState.Submitted && from == TaskState.Processing);
        Assert.Equal(from, (await ReadAsync(task)).Status);

        var moved = await Operations()[(from, to)](task);

        Assert.NotNull(moved);
        Assert.Equal(to, moved.Status);
        Assert.Equal(to, (await ReadAsync(task)).Status);
        var outputs = (await _storage.Results.GetManyAsync(task.ExpectedOutputIds, None)).Select(r => r.Status).ToList();
        // What the move means for the results the task owed: produced, given up, or still to come.
        var expectedOutputs = to switch
        {
            TaskState.Completed => ResultState.Completed,
            TaskState.Error or TaskState.Timeout or TaskState.Cancelled => ResultState.Aborted,
            _ => ResultState.Created,
        };
        Assert.All(outputs, s => Assert.Equal(expectedOutputs, s));
        if (from == TaskState.Processing && to == TaskState.Submitted) Assert.Equal(2, moved.Attempt); // a retry is a new attempt
    }

    [Theory]
    [MemberData(nameof(MovesTheTableRefuses))]
    public async Task A_move_the_table_refuses_is_never_applied(TaskState from, TaskState to)
    {
        var task = await TaskInAsync(from);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _storage.Tasks.TransitionAsync([new TaskTransition(task.TaskId, from, to, Now)], None));
        Assert.Equal($"task transition {from} -> {to} is not allowed", error.Message);
        Assert.Equal(task, await ReadAsync(task));
    }

    [Theory]
    [MemberData(nameof(MovesMadeByOperations))]
    public async Task An_allowed_move_does_nothing_to_a_task_in_another_state(TaskState from, TaskState to)
    {
        foreach (var actual in Enum.GetValues<TaskState>().Where(s => s != from))
        {
            var task = await TaskInAsync(actual);
            Assert.Empty(await _storage.Tasks.TransitionAsync([new TaskTransition(task.TaskId, from, to, Now)], None));
            Assert.Equal(task, await ReadAsync(task));
        }
    }

    [Theory]
    [MemberData(nameof(FinalStates))]
    public async Task Cancelling_a_finished_task_changes_nothing(TaskState final)
    {
        var task = await TaskInAsync(final);
        Assert.Empty(await Sessions.CancelTasksAsync([task], None));
        Assert.Equal(task, await ReadAsync(task));
        var output = Assert.Single(await _storage.Results.GetManyAsync(task.ExpectedOutputIds, None));
        Assert.Equal(ResultState.Created, output.Status); // not aborted by the refused cancel
    }

    [Fact]
    public async Task A_success_reported_after_the_task_was_cancelled_is_discarded_with_its_subtasks_and_data()
    {
        var task = await TaskInAsync(TaskState.Processing);
        var subtask = await SubtaskOfAsync(task, waitsForInput: false);
        var outcome = new AttemptOutcome();
        outcome.Subtasks.Add(subtask);
        await _storage.Objects.WriteAsync(task.ExpectedOutputIds[0], Bytes("late"), None);
        outcome.ProducedOutputs[task.ExpectedOutputIds[0]] = 4;
        await Sessions.CancelTasksAsync([task], None);

        Assert.Null(await Finisher.SucceedAsync(task, outcome, None));

        Assert.Equal(TaskState.Cancelled, (await ReadAsync(task)).Status);
        Assert.Null(await _storage.Tasks.GetAsync(subtask.TaskId, None));
        Assert.Equal(ResultState.Aborted, (await _storage.Results.GetManyAsync(task.ExpectedOutputIds, None)).Single().Status);
    }

    [Fact]
    public async Task A_completed_task_is_not_completed_or_failed_again_and_keeps_its_output()
    {
        var task = await TaskInAsync(TaskState.Processing);
        var output = task.ExpectedOutputIds[0];
        await _storage.Objects.WriteAsync(output, Bytes("ok"), None);
        var completed = await Finisher.SucceedAsync(task, new AttemptOutcome { ProducedOutputs = { [output] = 2 } }, None);
        Assert.NotNull(completed);

        // A late report of another attempt that wrote the same output, with the record it held.
        Assert.Null(await Finisher.SucceedAsync(task, new AttemptOutcome { ProducedOutputs = { [output] = 2 } }, None));
        Assert.Null(await Finisher.FailAsync(task, new AttemptOutcome { ProducedOutputs = { [output] = 2 } }, "late failure", retryable: false, TaskState.Error, None));

        Assert.Equal(completed, await ReadAsync(task));
        Assert.Equal(ResultState.Completed, (await _storage.Results.GetManyAsync([output], None)).Single().Status);
        var data = new List<byte>();
        await foreach (var chunk in _storage.Objects.ReadAsync(output, 1024, None)) data.AddRange(chunk.ToArray());
        Assert.Equal("ok", System.Text.Encoding.UTF8.GetString(data.ToArray()));
    }

    [Fact]
    public async Task An_agent_whose_lease_was_taken_back_can_no_longer_end_the_attempt()
    {
        var task = await TaskInAsync(TaskState.Processing, leaseExpired: true, retriesLeft: true);
        var recovered = Assert.Single(await LeaseRecovery.RecoverAsync(None));
        Assert.Equal((TaskState.Submitted, 2), (recovered.Status, recovered.Attempt));

        // The old agent reports late, with the record it held.
        Assert.Null(await Finisher.FailAsync(task, new AttemptOutcome(), "late", retryable: false, TaskState.Error, None));
        Assert.Null(await Finisher.HandBackAsync(task, new AttemptOutcome(), None));
        Assert.Equal(recovered, await ReadAsync(task));
    }

    [Fact]
    public async Task An_attempt_whose_lease_was_taken_back_leaves_the_output_data_of_the_attempt_that_runs_now()
    {
        var stale = await TaskInAsync(TaskState.Processing, leaseExpired: true, retriesLeft: true);
        var output = stale.ExpectedOutputIds[0];
        Assert.Single(await LeaseRecovery.RecoverAsync(None));
        // Attempt 2 runs on another agent and has written the output, not yet completed.
        Assert.Single(await _storage.Tasks.TransitionAsync(
            [new TaskTransition(stale.TaskId, TaskState.Submitted, TaskState.Processing, Now) { OwnerAgentId = "agent-2", LeaseExpiresAt = Now.AddMinutes(5) }], None));
        await _storage.Objects.WriteAsync(output, Bytes("attempt 2"), None);

        // Attempt 1 reports late, success or failure: neither deletes what attempt 2 wrote.
        Assert.Null(await Finisher.SucceedAsync(stale, new AttemptOutcome { ProducedOutputs = { [output] = 9 } }, None));
        Assert.Null(await Finisher.FailAsync(stale, new AttemptOutcome { ProducedOutputs = { [output] = 9 } }, "late", retryable: true, TaskState.Error, None));

        var data = new List<byte>();
        await foreach (var chunk in _storage.Objects.ReadAsync(output, 1024, None)) data.AddRange(chunk.ToArray());
        Assert.Equal("attempt 2", System.Text.Encoding.UTF8.GetString(data.ToArray()));
    }

    [Fact]
    public async Task A_lease_not_yet_expired_is_not_taken_back()
    {
        var task = await TaskInAsync(TaskState.Processing);
        Assert.Empty(await LeaseRecovery.RecoverAsync(None));
        Assert.Equal(task, await ReadAsync(task));
    }

    private static IEnumerable<(TaskState From, TaskState To)> TableMoves() =>
        Enum.GetValues<TaskState>().SelectMany(from => Enum.GetValues<TaskState>().Where(to => Lifecycles.Task.CanMove(from, to)).Select(to => (from, to)));

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private async Task<TaskRecord> ReadAsync(TaskRecord task) => (await _storage.Tasks.GetAsync(task.TaskId, None))!;

    private async Task<TaskRecord?> CancelAsync(TaskRecord task) => (await Sessions.CancelTasksAsync([task], None)).Single();

    /// <summary>
    /// A task stored in <paramref name="status"/>, with a completed payload and one output it owns. A subtask
    /// (Creating) is made by the submitter under a processing parent, and takes over the parent's output.
    /// </summary>
    private async Task<TaskRecord> TaskInAsync(TaskState status, bool waitsForInput = false, bool leaseExpired = false, bool retriesLeft = false)
    {
        if (status == TaskState.Creating)
            return await SubtaskOfAsync(await TaskInAsync(TaskState.Processing), waitsForInput);

        var session = await Sessions.CreateAsync(GridTaskOptions.Empty, [], None);
        var payload = await ResultAsync(session.SessionId, ResultState.Completed);
        var input = await ResultAsync(session.SessionId, waitsForInput ? ResultState.Created : ResultState.Completed);
        var output = await ResultAsync(session.SessionId, ResultState.Created);
        var held = status == TaskState.Processing;
        var task = new TaskRecord
        {
            SessionId = session.SessionId,
            TaskId = $"t-{Guid.NewGuid():N}",
            Status = status,
            Options = GridTaskOptions.GridDefaults with { MaxRetries = retriesLeft ? 1 : 0 },
            PayloadId = payload.ResultId,
            DataDependencies = [input.ResultId],
            ExpectedOutputIds = [output.ResultId],
            OwnerAgentId = held ? "agent" : null,
            LeaseExpiresAt = held ? Now + (leaseExpired ? TimeSpan.FromMinutes(-1) : TimeSpan.FromMinutes(5)) : null,
            CreatedAt = Now,
        };
        await _storage.Tasks.CreateAsync([new NewTask(task, waitsForInput ? [input.ResultId] : [])], None);
        await _storage.Results.SetOwnersAsync([(output.ResultId, task.TaskId)], None);
        return task;
    }

    /// <summary>A subtask submitted by <paramref name="parent"/>, delegated the parent's output; Creating until the parent succeeds.</summary>
    private async Task<TaskRecord> SubtaskOfAsync(TaskRecord parent, bool waitsForInput)
    {
        var input = await ResultAsync(parent.SessionId, waitsForInput ? ResultState.Created : ResultState.Completed);
        var spec = new TaskSpec(parent.PayloadId, [input.ResultId], parent.ExpectedOutputIds, GridTaskOptions.Empty);
        var subtask = (await Submitter.SubmitAsync(parent.SessionId, GridTaskOptions.Empty, [spec], new TaskSubmitter.Parent(parent, new HashSet<string>()), None)).Single();
        Assert.Equal((TaskState.Creating, parent.Depth + 1), (subtask.Status, subtask.Depth));
        return subtask;
    }

    /// <summary>The subtask's parent succeeds, delegating its output to the subtask: the subtask is released.</summary>
    private async Task<TaskRecord?> ParentSucceedsAsync(TaskRecord subtask)
    {
        var parent = await _storage.Tasks.GetAsync(subtask.ParentTaskId!, None);
        var outcome = new AttemptOutcome();
        outcome.Subtasks.Add(subtask);
        Assert.NotNull(await Finisher.SucceedAsync(parent!, outcome, None));
        return await ReadAsync(subtask);
    }

    private async Task<ResultRecord> ResultAsync(string sessionId, ResultState status)
    {
        var result = new ResultRecord
        {
            SessionId = sessionId, ResultId = $"r-{Guid.NewGuid():N}", Name = "r", Status = status, Size = status == ResultState.Completed ? 1 : 0, CreatedAt = Now,
            CompletedAt = status == ResultState.Completed ? Now : null,
        };
        await _storage.Results.CreateAsync([result], None);
        return result;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Bytes(string text)
    {
        yield return System.Text.Encoding.UTF8.GetBytes(text);
        await Task.CompletedTask;
    }
}
