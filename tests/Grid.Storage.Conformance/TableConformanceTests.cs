using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Conformance;

/// <summary>
/// What every implementation of the tables (sessions, tasks, results, event log) must do. A backend's
/// test project derives from this class and says how to reach its tables.
/// </summary>
public abstract class TableConformanceTests
{
    /// <summary>The tables under test; every call may return the same instance (tests use fresh ids).</summary>
    protected abstract Task<(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events)> TablesAsync();

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_created_session_reads_back_with_every_field()
    {
        var (sessions, _, _, _) = await TablesAsync();
        var session = Records.Session() with
        {
            DefaultOptions = new GridTaskOptions { MaxDuration = TimeSpan.FromSeconds(90), MaxRetries = 4, Priority = 7, PartitionId = "gpu", ApplicationName = "app", ApplicationVersion = "2", Options = new Dictionary<string, string> { ["a"] = "b" } },
            PartitionIds = ["gpu", "cpu"],
        };
        await sessions.CreateAsync(session, None);
        var read = await sessions.GetAsync(session.SessionId, None);
        Assert.NotNull(read);
        Assert.Equal(session.DefaultOptions.MaxDuration, read.DefaultOptions.MaxDuration);
        Assert.Equal(session.DefaultOptions.Options, read.DefaultOptions.Options);
        Assert.Equal(session with { DefaultOptions = read.DefaultOptions }, read with { PartitionIds = session.PartitionIds });
        Assert.Equal(session.PartitionIds, read.PartitionIds);
        Assert.Null(await sessions.GetAsync(Records.NewId("missing"), None));
    }

    [Fact]
    public async Task Creating_a_session_twice_is_refused()
    {
        var (sessions, _, _, _) = await TablesAsync();
        var session = Records.Session();
        await sessions.CreateAsync(session, None);
        var error = await Assert.ThrowsAsync<GridException>(() => sessions.CreateAsync(session, None));
        Assert.Equal(GridErrorCode.AlreadyExists, error.Code);
    }

    [Fact]
    public async Task A_session_transition_applies_only_from_the_expected_state()
    {
        var (sessions, _, _, _) = await TablesAsync();
        var session = Records.Session();
        await sessions.CreateAsync(session, None);
        Assert.Null(await sessions.TryTransitionAsync(session.SessionId, SessionState.Paused, SessionState.Running, Records.Epoch, None));
        var closed = await sessions.TryTransitionAsync(session.SessionId, SessionState.Running, SessionState.Closed, Records.Epoch.AddHours(1), None);
        Assert.Equal(SessionState.Closed, closed?.Status);
        Assert.Equal(Records.Epoch.AddHours(1), closed?.ClosedAt);
        Assert.Equal(SessionState.Closed, (await sessions.GetAsync(session.SessionId, None))?.Status);
    }

    [Fact]
    public async Task Sessions_list_by_status_and_creation_time_sorted_and_paged()
    {
        var (sessions, _, _, _) = await TablesAsync();
        var start = DateTime.UtcNow.AddYears(-10).AddSeconds(Random.Shared.Next(1_000_000));
        var created = Enumerable.Range(0, 5).Select(i => Records.Session(createdAt: start.AddMinutes(i), status: i % 2 == 0 ? SessionState.Paused : SessionState.Running)).ToList();
        foreach (var s in created) await sessions.CreateAsync(s, None);

        var filter = new SessionFilter { Statuses = [SessionState.Paused], CreatedAfter = start.AddSeconds(-1), CreatedBefore = start.AddMinutes(10) };
        var page = await sessions.ListAsync(filter, new PageQuery<SessionSort>(SessionSort.CreatedAt, Descending: true, PageNumber: 0, PageSize: 2), None);
        Assert.Equal(3, page.Total);
        Assert.Equal([created[4].SessionId, created[2].SessionId], page.Items.Select(s => s.SessionId));
        var second = await sessions.ListAsync(filter, new PageQuery<SessionSort>(SessionSort.CreatedAt, true, 1, 2), None);
        Assert.Equal([created[0].SessionId], second.Items.Select(s => s.SessionId));
    }

    [Fact]
    public async Task Results_are_created_in_batches_and_read_back_by_id()
    {
        var (_, _, results, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 250).Select(i => Records.Result(sessionId, $"r{i}", size: i)).ToList();
        await results.CreateAsync(batch, None);
        var read = await results.GetManyAsync(batch.Select(r => r.ResultId).Append(Records.NewId("missing")).ToList(), None);
        Assert.Equal(batch.ToHashSet(), read.ToHashSet());
    }

    [Fact]
    public async Task A_result_transition_applies_only_from_the_expected_state_and_sets_size_and_time()
    {
        var (_, _, results, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (a, b) = (Records.Result(sessionId), Records.Result(sessionId, status: ResultState.Aborted));
        await results.CreateAsync([a, b], None);
        var at = Records.Epoch.AddMinutes(3);
        var changed = await results.TransitionAsync(
        [
            new ResultTransition(a.ResultId, ResultState.Created, ResultState.Completed, at) { Size = 42 },
            new ResultTransition(b.ResultId, ResultState.Created, ResultState.Completed, at) { Size = 42 },
        ], None);
        var completed = Assert.Single(changed);
        Assert.Equal((a.ResultId, ResultState.Completed, 42L, (DateTime?)at), (completed.ResultId, completed.Status, completed.Size, completed.CompletedAt));
        var read = (await results.GetManyAsync([a.ResultId, b.ResultId], None)).ToDictionary(r => r.ResultId);
        Assert.Equal(completed, read[a.ResultId]);
        Assert.Equal(ResultState.Aborted, read[b.ResultId].Status);
    }

    [Fact]
    public async Task Result_owners_are_set_in_a_batch()
    {
        var (_, _, results, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 3).Select(_ => Records.Result(sessionId)).ToList();
        await results.CreateAsync(batch, None);
        await results.SetOwnersAsync(batch.Select((r, i) => (r.ResultId, $"task-{i}")).ToList(), None);
        var read = (await results.GetManyAsync(batch.Select(r => r.ResultId).ToList(), None)).ToDictionary(r => r.ResultId);
        Assert.Equal(["task-0", "task-1", "task-2"], batch.Select(r => read[r.ResultId].OwnerTaskId));
    }

    [Fact]
    public async Task Results_list_by_session_status_name_and_owner_sorted_and_paged()
    {
        var (_, _, results, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 7).Select(i => Records.Result(sessionId, name: $"n{i % 2}", status: i < 5 ? ResultState.Completed : ResultState.Created,
            owner: i == 3 ? "owner" : null, createdAt: Records.Epoch.AddSeconds(i), size: 100 - i)).ToList();
        await results.CreateAsync(batch, None);
        await results.CreateAsync([Records.Result(Records.NewId("other"), name: "n0", status: ResultState.Completed)], None);

        var bySize = await results.ListAsync(new ResultFilter { SessionId = sessionId, Statuses = [ResultState.Completed] },
            new PageQuery<ResultSort>(ResultSort.Size, false, 0, 3), None);
        Assert.Equal(5, bySize.Total);
        Assert.Equal([batch[4].ResultId, batch[3].ResultId, batch[2].ResultId], bySize.Items.Select(r => r.ResultId));

        var byName = await results.ListAsync(new ResultFilter { SessionId = sessionId, Name = "n1" }, new PageQuery<ResultSort>(ResultSort.CreatedAt, true, 0, 10), None);
        Assert.Equal([batch[5].ResultId, batch[3].ResultId, batch[1].ResultId], byName.Items.Select(r => r.ResultId));

        var byOwner = await results.ListAsync(new ResultFilter { SessionId = sessionId, OwnerTaskId = "owner" }, new PageQuery<ResultSort>(ResultSort.CreatedAt, false, 0, 10), None);
        Assert.Equal([batch[3].ResultId], byOwner.Items.Select(r => r.ResultId));
    }

    [Fact]
    public async Task Tasks_are_created_in_batches_and_read_back_with_every_field()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 200).Select(i => Records.Task(sessionId, dependencies: [Records.NewId("d"), Records.NewId("d")], outputs: [Records.NewId("o"), Records.NewId("o")], parent: i % 2 == 0 ? "parent" : null, depth: i % 2 == 0 ? 1 + i : 0)).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [])).ToList(), None);
        var read = (await tasks.GetManyAsync(batch.Select(t => t.TaskId).ToList(), None)).ToDictionary(t => t.TaskId);
        Assert.Equal(200, read.Count);
        foreach (var task in batch)
        {
            var r = read[task.TaskId];
            Assert.Equal(task.DataDependencies, r.DataDependencies);
            Assert.Equal(task.ExpectedOutputIds, r.ExpectedOutputIds);
            Assert.Equal(task.Options.Options, r.Options.Options);
            Assert.Equal(task with { DataDependencies = r.DataDependencies, ExpectedOutputIds = r.ExpectedOutputIds, Options = r.Options }, r);
            Assert.Equal(task.Options with { Options = r.Options.Options }, r.Options);
        }
        var single = await tasks.GetAsync(batch[0].TaskId, None);
        Assert.NotNull(single);
        Assert.Equal(batch[0].DataDependencies, single.DataDependencies);
        Assert.Equal(batch[0], single with { DataDependencies = batch[0].DataDependencies, ExpectedOutputIds = batch[0].ExpectedOutputIds, Options = batch[0].Options });
    }

    [Fact]
    public async Task Two_agents_racing_for_the_same_tasks_each_win_exactly_half_and_never_the_same_one()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 200).Select(_ => Records.Task(sessionId)).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [])).ToList(), None);

        // Each task is asked for by both agents at once; the conditional update lets exactly one through.
        async Task<List<string>> Agent(string agentId) =>
            (await Task.WhenAll(batch.Select(t => Task.Run(() => tasks.TransitionAsync(
                [new TaskTransition(t.TaskId, TaskState.Submitted, TaskState.Processing, Records.Epoch) { OwnerAgentId = agentId, LeaseExpiresAt = Records.Epoch.AddMinutes(1) }], None)))))
            .SelectMany(won => won.Select(w => w.TaskId)).ToList();
        var both = await Task.WhenAll(Agent("agent-a"), Agent("agent-b"));

        Assert.Empty(both[0].Intersect(both[1]));
        Assert.Equal(batch.Select(t => t.TaskId).ToHashSet(), both[0].Concat(both[1]).ToHashSet());
        var read = await tasks.GetManyAsync(batch.Select(t => t.TaskId).ToList(), None);
        Assert.All(read, t => Assert.Equal(both[0].Contains(t.TaskId) ? "agent-a" : "agent-b", t.OwnerAgentId));
        Assert.All(read, t => Assert.Equal(TaskState.Processing, t.Status));
    }

    [Fact]
    public async Task A_task_transition_checks_the_owner_when_asked_and_applies_the_common_rule()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var task = Records.Task(Records.NewId("s"));
        await tasks.CreateAsync([new NewTask(task, [])], None);
        var at = Records.Epoch.AddMinutes(5);
        var processing = Assert.Single(await tasks.TransitionAsync(
            [new TaskTransition(task.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a", LeaseExpiresAt = at.AddSeconds(30) }], None));
        Assert.Equal(("a", (DateTime?)at.AddSeconds(30), (DateTime?)at), (processing.OwnerAgentId, processing.LeaseExpiresAt, processing.StartedAt));
        var retry = new TaskTransition(task.TaskId, TaskState.Processing, TaskState.Submitted, at.AddMinutes(1)) { Attempt = 2, Error = "boom" };
        Assert.Empty(await tasks.TransitionAsync([retry with { ExpectedOwnerAgentId = "b" }], None));
        var retried = Assert.Single(await tasks.TransitionAsync([retry with { ExpectedOwnerAgentId = "a" }], None));

        var expected = retry.Apply(processing);
        Assert.Equal((expected.Status, expected.Attempt, expected.Error, expected.OwnerAgentId, expected.LeaseExpiresAt, expected.StartedAt, expected.SubmittedAt),
            (retried.Status, retried.Attempt, retried.Error, retried.OwnerAgentId, retried.LeaseExpiresAt, retried.StartedAt, retried.SubmittedAt));
        var read = await tasks.GetAsync(task.TaskId, None);
        Assert.Equal((retried.Status, retried.Attempt, retried.Error, retried.OwnerAgentId), (read!.Status, read.Attempt, read.Error, read.OwnerAgentId));
    }

    [Fact]
    public async Task Leases_are_renewed_only_for_held_tasks_of_the_asking_agent()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var session = Records.NewId("s");
        var (first, second, finished, others, submitted) = (Records.Task(session), Records.Task(session), Records.Task(session), Records.Task(session), Records.Task(session));
        await tasks.CreateAsync(new[] { first, second, finished, others, submitted }.Select(t => new NewTask(t, [])).ToList(), None);
        var at = Records.Epoch.AddMinutes(5);
        await tasks.TransitionAsync([
            new TaskTransition(first.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a", LeaseExpiresAt = at.AddSeconds(30) },
            new TaskTransition(second.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a", LeaseExpiresAt = at.AddSeconds(30) },
            new TaskTransition(finished.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a", LeaseExpiresAt = at.AddSeconds(30) },
            new TaskTransition(others.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "b", LeaseExpiresAt = at.AddSeconds(30) },
        ], None);
        await tasks.TransitionAsync([new TaskTransition(finished.TaskId, TaskState.Processing, TaskState.Completed, at)], None);

        var renewedUntil = at.AddMinutes(1);
        var renewed = await tasks.RenewLeasesAsync("a", [first.TaskId, second.TaskId, finished.TaskId, others.TaskId, submitted.TaskId, "missing"], renewedUntil, None);

        Assert.Equal(new[] { first.TaskId, second.TaskId }.Order(StringComparer.Ordinal), renewed.Order(StringComparer.Ordinal));
        var read = (await tasks.GetManyAsync([first.TaskId, second.TaskId, finished.TaskId, others.TaskId, submitted.TaskId], None)).ToDictionary(t => t.TaskId);
        Assert.Equal(renewedUntil, read[first.TaskId].LeaseExpiresAt);
        Assert.Equal(renewedUntil, read[second.TaskId].LeaseExpiresAt);
        Assert.Equal((TaskState.Completed, (DateTime?)null), (read[finished.TaskId].Status, read[finished.TaskId].LeaseExpiresAt));
        Assert.Equal(at.AddSeconds(30), read[others.TaskId].LeaseExpiresAt);
        Assert.Null(read[submitted.TaskId].LeaseExpiresAt);
    }

    [Fact]
    public async Task A_pending_task_becomes_submitted_once_when_its_last_input_resolves()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (a, b) = (Records.NewId("r"), Records.NewId("r"));
        var task = Records.Task(sessionId, TaskState.Pending, dependencies: [a, b]);
        var other = Records.Task(sessionId, TaskState.Pending, dependencies: [a]);
        await tasks.CreateAsync([new NewTask(task, [a, b]), new NewTask(other, [a])], None);

        var first = await tasks.ResolveInputsAsync([a], Records.Epoch, None);
        Assert.Equal([other.TaskId], first.Select(t => t.TaskId));
        Assert.Empty(await tasks.ResolveInputsAsync([a], Records.Epoch, None)); // resolving again is harmless
        Assert.Equal(TaskState.Pending, (await tasks.GetAsync(task.TaskId, None))?.Status);
        Assert.Equal([task.TaskId], (await tasks.FindWaitingOnAsync([b], None)).Select(t => t.TaskId));

        var second = Assert.Single(await tasks.ResolveInputsAsync([b, Records.NewId("unrelated")], Records.Epoch.AddSeconds(1), None));
        Assert.Equal((task.TaskId, TaskState.Submitted, (DateTime?)Records.Epoch.AddSeconds(1)), (second.TaskId, second.Status, second.SubmittedAt));
        Assert.Empty(await tasks.ResolveInputsAsync([b], Records.Epoch, None));
        Assert.Empty(await tasks.FindWaitingOnAsync([a, b], None));
    }

    [Fact]
    public async Task Resolving_many_inputs_concurrently_submits_every_task_exactly_once()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var inputs = Enumerable.Range(0, 20).Select(_ => Records.NewId("r")).ToList();
        var batch = Enumerable.Range(0, 50).Select(_ => Records.Task(sessionId, TaskState.Pending, dependencies: inputs)).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, inputs)).ToList(), None);

        var resolved = await Task.WhenAll(inputs.Select(input => Task.Run(() => tasks.ResolveInputsAsync([input], Records.Epoch, None))));
        var submitted = resolved.SelectMany(r => r.Select(t => t.TaskId)).ToList();
        Assert.Equal(batch.Count, submitted.Count);
        Assert.Equal(batch.Select(t => t.TaskId).ToHashSet(), submitted.ToHashSet());
    }

    [Fact]
    public async Task Subtasks_wait_in_creating_until_released_then_follow_their_inputs()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var input = Records.NewId("r");
        var ready = Records.Task(sessionId, TaskState.Creating);
        var waiting = Records.Task(sessionId, TaskState.Creating, dependencies: [input]);
        await tasks.CreateAsync([new NewTask(ready, []), new NewTask(waiting, [input])], None);

        Assert.Empty(await tasks.ResolveInputsAsync([Records.NewId("r")], Records.Epoch, None));
        var released = (await tasks.ReleaseAsync([ready.TaskId, waiting.TaskId], Records.Epoch, None)).ToDictionary(t => t.TaskId);
        Assert.Equal(TaskState.Submitted, released[ready.TaskId].Status);
        Assert.Equal(TaskState.Pending, released[waiting.TaskId].Status);
        Assert.Empty(await tasks.ReleaseAsync([ready.TaskId], Records.Epoch, None)); // already released
        Assert.Equal([waiting.TaskId], (await tasks.ResolveInputsAsync([input], Records.Epoch, None)).Select(t => t.TaskId));
    }

    [Fact]
    public async Task A_subtask_whose_inputs_completed_while_it_was_creating_is_submitted_on_release()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var input = Records.NewId("r");
        var subtask = Records.Task(Records.NewId("s"), TaskState.Creating, dependencies: [input]);
        await tasks.CreateAsync([new NewTask(subtask, [input])], None);
        Assert.Empty(await tasks.ResolveInputsAsync([input], Records.Epoch, None));
        Assert.Equal(TaskState.Submitted, Assert.Single(await tasks.ReleaseAsync([subtask.TaskId], Records.Epoch, None)).Status);
    }

    [Fact]
    public async Task Deleted_tasks_are_gone_and_no_longer_wait()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var input = Records.NewId("r");
        var task = Records.Task(Records.NewId("s"), TaskState.Creating, dependencies: [input]);
        await tasks.CreateAsync([new NewTask(task, [input])], None);
        await tasks.DeleteAsync([task.TaskId], None);
        Assert.Null(await tasks.GetAsync(task.TaskId, None));
        Assert.Empty(await tasks.FindWaitingOnAsync([input], None));
        Assert.Empty(await tasks.ResolveInputsAsync([input], Records.Epoch, None));
    }

    [Fact]
    public async Task Finding_tasks_returns_them_in_id_order_and_pages_by_the_last_id()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 7).Select(_ => Records.Task(sessionId, TaskState.Submitted)).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [])).ToList(), None);
        await tasks.CreateAsync([new NewTask(Records.Task(sessionId, TaskState.Pending), [])], None);
        var expected = batch.Select(t => t.TaskId).Order(StringComparer.Ordinal).ToList();

        var read = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Submitted], TaskIdAfter = after }, 3, None);
            Assert.True(page.Count <= 3, $"a page of 3 returned {page.Count} tasks");
            if (page.Count == 0) break;
            read.AddRange(page.Select(t => t.TaskId));
            after = page[^1].TaskId;
        }

        Assert.Equal(expected, read);
        var acrossSessions = await tasks.FindAsync(new TaskFilter { Statuses = [TaskState.Submitted], TaskIdAfter = expected[4] }, 100, None);
        Assert.Equal(expected.Skip(5), acrossSessions.Select(t => t.TaskId).Where(expected.Contains));
        Assert.Equal(acrossSessions.Select(t => t.TaskId).Order(StringComparer.Ordinal), acrossSessions.Select(t => t.TaskId));
    }

    [Fact]
    public async Task Tasks_list_count_and_find_by_session_status_partition_parent_and_time()
    {
        var (_, tasks, _, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var batch = Enumerable.Range(0, 9).Select(i => Records.Task(sessionId, i < 4 ? TaskState.Submitted : TaskState.Pending,
            parent: i == 2 ? "p1" : null, createdAt: Records.Epoch.AddSeconds(i), partition: i % 3 == 0 ? "gpu" : "cpu")).ToList();
        await tasks.CreateAsync(batch.Select(t => new NewTask(t, [])).ToList(), None);
        await tasks.CreateAsync([new NewTask(Records.Task(Records.NewId("other")), [])], None);

        var submitted = await tasks.ListAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Submitted] }, new PageQuery<TaskSort>(TaskSort.CreatedAt, true, 0, 3), None);
        Assert.Equal(4, submitted.Total);
        Assert.Equal([batch[3].TaskId, batch[2].TaskId, batch[1].TaskId], submitted.Items.Select(t => t.TaskId));

        var gpu = await tasks.FindAsync(new TaskFilter { SessionId = sessionId, PartitionId = "gpu" }, 100, None);
        Assert.Equal(new[] { 0, 3, 6 }.Select(i => batch[i].TaskId).ToHashSet(), gpu.Select(t => t.TaskId).ToHashSet());
        Assert.Equal([batch[2].TaskId], (await tasks.FindAsync(new TaskFilter { SessionId = sessionId, ParentTaskId = "p1" }, 100, None)).Select(t => t.TaskId));
        Assert.Equal(2, (await tasks.FindAsync(new TaskFilter { SessionId = sessionId }, 2, None)).Count);
        var late = await tasks.ListAsync(new TaskFilter { SessionId = sessionId, CreatedAfter = Records.Epoch.AddSeconds(6.5), CreatedBefore = Records.Epoch.AddSeconds(100) },
            new PageQuery<TaskSort>(TaskSort.TaskId, false, 0, 10), None);
        Assert.Equal(new[] { batch[7].TaskId, batch[8].TaskId }.Order(StringComparer.Ordinal), late.Items.Select(t => t.TaskId));

        var counts = await tasks.CountByStatusAsync(new TaskFilter { SessionId = sessionId }, None);
        Assert.Equal(new Dictionary<TaskState, long> { [TaskState.Submitted] = 4, [TaskState.Pending] = 5 }, counts);
    }

    [Fact]
    public async Task The_event_log_numbers_each_session_without_gaps_even_under_concurrent_appends()
    {
        var (_, _, _, events) = await TablesAsync();
        var (s1, s2) = (Records.NewId("s"), Records.NewId("s"));
        Assert.Equal(0UL, await events.LastSequenceAsync(s1, None));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await events.AppendAsync(
            [
                Event(i % 2 == 0 ? s1 : s2, $"a{i}"),
                Event(i % 2 == 0 ? s1 : s2, $"b{i}"),
            ], None))));

        foreach (var session in new[] { s1, s2 })
        {
            Assert.Equal(40UL, await events.LastSequenceAsync(session, None));
            var all = await events.ReadAsync(session, 0, 1000, None);
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (ulong)i), all.Select(e => e.Sequence));
            Assert.All(all, e => Assert.Equal(session, e.SessionId));
            // Events of one append stay together and in order.
            foreach (var pair in all.Chunk(2)) Assert.Equal(pair[0].SubjectId[1..], pair[1].SubjectId[1..]);
            Assert.Equal(all.Skip(35).Select(e => e.SubjectId), (await events.ReadAsync(session, 35, 1000, None)).Select(e => e.SubjectId));
            Assert.Equal(3, (await events.ReadAsync(session, 10, 3, None)).Count);
        }
    }

    [Fact]
    public async Task A_task_transition_that_records_its_event_appends_it_once_and_only_if_it_applies()
    {
        var (_, tasks, _, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (first, second) = (Records.Task(sessionId), Records.Task(sessionId));
        await tasks.CreateAsync([new NewTask(first, []), new NewTask(second, [])], None);
        var created = await events.LastSequenceAsync(sessionId, None); // the creation's events
        var at = Records.Epoch.AddMinutes(3);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var waiting = events.WaitForEventsAsync(sessionId, created, deadline.Token);

        var changed = await tasks.TransitionAsync(
        [
            new TaskTransition(first.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a", RecordsEvent = true },
            new TaskTransition(second.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a" },
        ], None);
        Assert.Equal(2, changed.Count);
        // Not applied (wrong state): no event either.
        Assert.Empty(await tasks.TransitionAsync([new TaskTransition(first.TaskId, TaskState.Submitted, TaskState.Processing, at) { RecordsEvent = true }], None));
        await tasks.TransitionAsync([new TaskTransition(first.TaskId, TaskState.Processing, TaskState.Completed, at.AddSeconds(1)) { RecordsEvent = true }], None);

        await waiting;
        var recorded = await events.ReadAsync(sessionId, created, 10, None);
        Assert.Equal(
            [(created + 1, GridEventKind.TaskStatusChanged, first.TaskId, (int)TaskState.Processing, at), (created + 2, GridEventKind.TaskStatusChanged, first.TaskId, (int)TaskState.Completed, at.AddSeconds(1))],
            recorded.Select(e => (e.Sequence, e.Kind, e.SubjectId, e.Status, e.Time)));
        Assert.All(recorded, e => Assert.Equal(first.Attempt, e.Attempt));
    }

    [Fact]
    public async Task Creating_results_and_tasks_records_an_event_for_each_timed_at_its_creation()
    {
        var (_, tasks, results, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var input = Records.Result(sessionId, createdAt: Records.Epoch.AddMinutes(1));
        var output = Records.Result(sessionId, owner: "t1", createdAt: Records.Epoch.AddMinutes(1));
        var task = Records.Task(sessionId, TaskState.Pending, dependencies: [input.ResultId]) with
        {
            ExpectedOutputIds = [output.ResultId], CreatedAt = Records.Epoch.AddMinutes(2),
        };
        await results.CreateAsync([input, output], None);
        await tasks.CreateAsync([new NewTask(task, [input.ResultId])], None);

        var recorded = await events.ReadAsync(sessionId, 0, 10, None);
        Assert.Equal(
            [(1UL, GridEventKind.NewResult, input.ResultId), (2UL, GridEventKind.NewResult, output.ResultId), (3UL, GridEventKind.NewTask, task.TaskId)],
            recorded.Select(e => (e.Sequence, e.Kind, e.SubjectId)));
        Assert.Equal([Records.Epoch.AddMinutes(1), Records.Epoch.AddMinutes(1), Records.Epoch.AddMinutes(2)], recorded.Select(e => e.Time));
        var newTask = recorded[2];
        Assert.Equal((int)TaskState.Pending, newTask.Status);
        Assert.Equal([output.ResultId], newTask.ExpectedOutputIds!);
        Assert.Equal(task.DataDependencies, newTask.DataDependencies!);
        Assert.Equal("t1", recorded[1].OwnerTaskId);
    }

    [Fact]
    public async Task A_task_created_as_the_owner_of_its_outputs_owns_them_and_a_subtask_does_not_yet()
    {
        var (_, tasks, results, _) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (submitted, delegated) = (Records.Result(sessionId), Records.Result(sessionId));
        await results.CreateAsync([submitted, delegated], None);
        var task = Records.Task(sessionId, outputs: [submitted.ResultId]);
        var subtask = Records.Task(sessionId, TaskState.Creating, outputs: [delegated.ResultId]);

        await tasks.CreateAsync([new NewTask(task, []) { OwnsOutputs = true }, new NewTask(subtask, [])], None);

        var owners = (await results.GetManyAsync([submitted.ResultId, delegated.ResultId], None)).ToDictionary(r => r.ResultId, r => r.OwnerTaskId);
        Assert.Equal(task.TaskId, owners[submitted.ResultId]);
        Assert.Null(owners[delegated.ResultId]);

        // A large batch too (some backends write those another way).
        var outputs = Enumerable.Range(0, 300).Select(_ => Records.Result(sessionId)).ToList();
        await results.CreateAsync(outputs, None);
        var many = outputs.Select(o => Records.Task(sessionId, outputs: [o.ResultId])).ToList();
        await tasks.CreateAsync(many.Select(t => new NewTask(t, []) { OwnsOutputs = true }).ToList(), None);
        var ownerOf = (await results.GetManyAsync(outputs.Select(o => o.ResultId).ToList(), None)).ToDictionary(r => r.ResultId, r => r.OwnerTaskId);
        Assert.All(many, t => Assert.Equal(t.TaskId, ownerOf[t.ExpectedOutputIds[0]]));
    }

    [Fact]
    public async Task The_result_transitions_of_a_task_transition_apply_with_it_and_only_if_it_applies()
    {
        var (_, tasks, results, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (first, second, done) = (Records.Result(sessionId, owner: "t"), Records.Result(sessionId, owner: "t"), Records.Result(sessionId, status: ResultState.Completed, size: 3));
        var task = Records.Task(sessionId, outputs: [first.ResultId, second.ResultId]);
        await results.CreateAsync([first, second, done], None);
        await tasks.CreateAsync([new NewTask(task, [])], None);
        var at = Records.Epoch.AddMinutes(5);
        await tasks.TransitionAsync([new TaskTransition(task.TaskId, TaskState.Submitted, TaskState.Processing, at) { OwnerAgentId = "a" }], None);
        var before = await events.LastSequenceAsync(sessionId, None);
        ResultTransition Complete(ResultRecord r, long size, bool recordsEvent) =>
            new(r.ResultId, ResultState.Created, ResultState.Completed, at) { Size = size, RecordsEvent = recordsEvent };
        TaskTransition Completion(string owner) => new(task.TaskId, TaskState.Processing, TaskState.Completed, at)
        {
            ExpectedOwnerAgentId = owner, RecordsEvent = true, ResultTransitions = [Complete(first, 5, true), Complete(second, 7, false), Complete(done, 9, true)],
        };

        // Held by another agent: neither the task nor its results move.
        Assert.Empty(await tasks.TransitionAsync([Completion("b")], None));
        Assert.All(await results.GetManyAsync([first.ResultId, second.ResultId], None), r => Assert.Equal(ResultState.Created, r.Status));
        Assert.Equal(before, await events.LastSequenceAsync(sessionId, None));

        Assert.Equal(TaskState.Completed, Assert.Single(await tasks.TransitionAsync([Completion("a")], None)).Status);
        var read = (await results.GetManyAsync([first.ResultId, second.ResultId, done.ResultId], None)).ToDictionary(r => r.ResultId);
        Assert.Equal((ResultState.Completed, 5L, (DateTime?)at), (read[first.ResultId].Status, read[first.ResultId].Size, read[first.ResultId].CompletedAt));
        Assert.Equal((ResultState.Completed, 7L), (read[second.ResultId].Status, read[second.ResultId].Size));
        Assert.Equal(done with { }, read[done.ResultId]); // its condition did not hold: left as it was
        // The task's event, then the one of the result that asked for it.
        Assert.Equal(
            [(before + 1, GridEventKind.TaskStatusChanged, task.TaskId, (int)TaskState.Completed, (string?)null),
             (before + 2, GridEventKind.ResultStatusChanged, first.ResultId, (int)ResultState.Completed, "t")],
            (await events.ReadAsync(sessionId, before, 10, None)).Select(e => (e.Sequence, e.Kind, e.SubjectId, e.Status, e.OwnerTaskId)));
    }

    [Fact]
    public async Task A_result_transition_that_records_its_event_appends_it_numbered_after_the_others()
    {
        var (_, _, results, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var (first, second) = (Records.Result(sessionId, owner: "t1"), Records.Result(sessionId));
        await results.CreateAsync([first, second], None);
        await events.AppendAsync([Event(sessionId, "before")], None);
        var before = await events.LastSequenceAsync(sessionId, None);
        var at = Records.Epoch.AddMinutes(4);

        await results.TransitionAsync(
        [
            new ResultTransition(second.ResultId, ResultState.Created, ResultState.Aborted, at) { RecordsEvent = true },
            new ResultTransition(first.ResultId, ResultState.Created, ResultState.Completed, at) { Size = 7, RecordsEvent = true },
        ], None);

        var recorded = await events.ReadAsync(sessionId, before, 10, None);
        Assert.Equal(
            [(before + 1, second.ResultId, (int)ResultState.Aborted, (string?)null), (before + 2, first.ResultId, (int)ResultState.Completed, "t1")],
            recorded.Select(e => (e.Sequence, e.SubjectId, e.Status, e.OwnerTaskId)));
        Assert.All(recorded, e => Assert.Equal((GridEventKind.ResultStatusChanged, at), (e.Kind, e.Time)));
    }

    [Fact]
    public async Task An_event_reads_back_with_every_field()
    {
        var (_, _, _, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        var e = new GridEvent
        {
            SessionId = sessionId, Kind = GridEventKind.NewTask, SubjectId = "t1", Status = (int)TaskState.Pending, Attempt = 2,
            ParentTaskId = "p", OwnerTaskId = "o", Name = "n", ExpectedOutputIds = ["x", "y"], DataDependencies = ["z"], Time = Records.Epoch,
        };
        await events.AppendAsync([e], None);
        var read = Assert.Single(await events.ReadAsync(sessionId, 0, 10, None));
        Assert.Equal(e.ExpectedOutputIds, read.ExpectedOutputIds);
        Assert.Equal(e.DataDependencies, read.DataDependencies);
        Assert.Equal(e with { Sequence = 1, ExpectedOutputIds = read.ExpectedOutputIds, DataDependencies = read.DataDependencies }, read);
    }

    [Fact]
    public async Task Waiting_for_events_completes_when_one_is_appended()
    {
        var (_, _, _, events) = await TablesAsync();
        var sessionId = Records.NewId("s");
        await events.AppendAsync([Event(sessionId, "first")], None);
        await events.WaitForEventsAsync(sessionId, 0, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token); // one is there already

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var waiting = events.WaitForEventsAsync(sessionId, 1, deadline.Token);
        Assert.False(waiting.IsCompleted);
        await events.AppendAsync([Event(sessionId, "second")], None);
        await waiting;
        Assert.Equal("second", Assert.Single(await events.ReadAsync(sessionId, 1, 10, None)).SubjectId);
    }

    [Fact]
    public async Task Waiting_for_events_stops_when_cancelled()
    {
        var (_, _, _, events) = await TablesAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => events.WaitForEventsAsync(Records.NewId("s"), 0, cancel.Token));
    }

    private static GridEvent Event(string sessionId, string subject) => new()
    {
        SessionId = sessionId, Kind = GridEventKind.TaskStatusChanged, SubjectId = subject, Status = (int)TaskState.Completed, Time = Records.Epoch,
    };

    [Fact]
    public async Task Deleting_a_session_removes_its_tasks_inputs_results_and_events_and_nothing_of_other_sessions()
    {
        var (_, tasks, results, events) = await TablesAsync();
        var (doomed, kept) = (Records.NewId("s"), Records.NewId("s"));
        var doomedInput = Records.Result(doomed);
        var keptInput = Records.Result(kept);
        var doomedTask = Records.Task(doomed, TaskState.Pending, dependencies: [doomedInput.ResultId]);
        var keptTask = Records.Task(kept, TaskState.Pending, dependencies: [keptInput.ResultId]);
        await results.CreateAsync([doomedInput, keptInput], None);
        await tasks.CreateAsync([new NewTask(doomedTask, [doomedInput.ResultId]), new NewTask(keptTask, [keptInput.ResultId])], None);

        await tasks.DeleteSessionAsync(doomed, None);
        await results.DeleteSessionAsync(doomed, None);
        await events.DeleteSessionAsync(doomed, None);

        var all = new PageQuery<TaskSort>(TaskSort.CreatedAt, false, 0, 10);
        Assert.Empty((await tasks.ListAsync(new TaskFilter { SessionId = doomed }, all, None)).Items);
        Assert.Null(await tasks.GetAsync(doomedTask.TaskId, None));
        Assert.Empty(await tasks.ResolveInputsAsync([doomedInput.ResultId], Records.Epoch, None));
        // Had its waiting input survived, a task created again under the same id would still be waiting for it.
        await tasks.CreateAsync([new NewTask(doomedTask with { Status = TaskState.Creating, SessionId = Records.NewId("s") }, [])], None);
        Assert.Equal(TaskState.Submitted, Assert.Single(await tasks.ReleaseAsync([doomedTask.TaskId], Records.Epoch, None)).Status);
        Assert.Empty(await results.GetManyAsync([doomedInput.ResultId], None));
        Assert.Empty((await results.ListAsync(new ResultFilter { SessionId = doomed }, new PageQuery<ResultSort>(ResultSort.CreatedAt, false, 0, 10), None)).Items);
        Assert.Equal(0UL, await events.LastSequenceAsync(doomed, None));
        Assert.Empty(await events.ReadAsync(doomed, 0, 10, None));
        await events.AppendAsync([GridEvent.ForNewTask(doomedTask, Records.Epoch)], None);
        Assert.Equal(1UL, await events.LastSequenceAsync(doomed, None)); // numbering starts again

        Assert.Equal([keptTask.TaskId], (await tasks.ListAsync(new TaskFilter { SessionId = kept }, all, None)).Items.Select(t => t.TaskId));
        Assert.Equal(TaskState.Submitted, Assert.Single(await tasks.ResolveInputsAsync([keptInput.ResultId], Records.Epoch, None)).Status);
        Assert.Single(await results.GetManyAsync([keptInput.ResultId], None));
        Assert.Equal(2UL, await events.LastSequenceAsync(kept, None));
        Assert.Equal([keptInput.ResultId, keptTask.TaskId], (await events.ReadAsync(kept, 0, 10, None)).Select(e => e.SubjectId));
    }
}
