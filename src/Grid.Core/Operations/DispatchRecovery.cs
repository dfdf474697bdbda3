using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Puts back on the queue what a restart may have lost. The table is the truth: when the restarting
/// process was the only agent, the tasks it held are taken back as if their leases had expired; the inputs of Pending tasks that
/// a crash left half done are finished (a task stored as completed whose output was not yet marked
/// complete; a result marked complete whose waiting tasks were not yet told); and every Submitted task
/// is queued again (a duplicate message is harmless). Tasks are read page by page (<see cref="DispatchRepairOptions.PageSize"/>),
/// never a whole status at once.
/// </summary>
public sealed class DispatchRecovery(GridStorage storage, ReadyTaskDispatcher dispatcher, ResultCompletion completion, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<DispatchRepairOptions> options)
{
    private readonly int _pageSize = options.Value.PageSize > 0
        ? options.Value.PageSize
        : throw new ArgumentOutOfRangeException(nameof(options), options.Value.PageSize, "Grid:DispatchRepair:PageSize must be positive");

    public async Task<(int TakenBack, int Requeued)> RecoverAsync(bool takeBackHeldTasks, CancellationToken cancellationToken)
    {
        var takenBack = 0;
        if (takeBackHeldTasks)
        {
            // As when a lease expires: the attempt that was running is spent (it may be what brought the process down),
            // the subtasks it had created go with it, and a task with no retry left fails instead of coming back forever.
            var leases = new LeaseRecovery(storage, dispatcher, completion, clock);
            await foreach (var held in Pages(new TaskFilter { Statuses = [TaskState.Processing] }, cancellationToken).ConfigureAwait(false))
                takenBack += (await leases.TakeBackAsync(held, _ => "the grid restarted while the task ran", cancellationToken).ConfigureAwait(false)).Count;
        }

        await ResolveCompletedInputsAsync(sessionId: null, cancellationToken).ConfigureAwait(false);
        var requeued = await RequeueSubmittedAsync(sessionId: null, cancellationToken).ConfigureAwait(false);
        return (takenBack, requeued);
    }

    /// <summary>
    /// The repair of a running grid (nothing is taken back: agents hold their tasks under leases): subtasks of
    /// completed tasks that were never released, outputs of completed tasks never marked complete (also those
    /// nothing waits for), inputs of Pending tasks never resolved, and every Submitted task queued again. It goes
    /// session by session through those that can make progress, with queries the session indexes answer: a paused
    /// session is left for its resumption (which queues its tasks again, and the next repair after it sees the rest),
    /// so that a large paused backlog costs a stalled grid nothing.
    /// </summary>
    public async Task<(int Released, int OutputsCompleted, int Requeued)> RepairAsync(CancellationToken cancellationToken)
    {
        var (released, outputsCompleted, requeued) = (0, 0, 0);
        foreach (var sessionId in await SessionsThatCanProgressAsync(cancellationToken).ConfigureAwait(false))
        {
            released += await ReleaseSubtasksOfCompletedTasksAsync(sessionId, cancellationToken).ConfigureAwait(false);
            // Gathered before any is completed: completing one takes it out of the listing, which would shift the pages after it.
            var created = new List<ResultRecord>();
            for (var page = 0; ; page++)
            {
                var found = await storage.Results.ListAsync(new ResultFilter { SessionId = sessionId, Statuses = [ResultState.Created] },
                    new PageQuery<ResultSort>(ResultSort.CreatedAt, false, page, _pageSize), cancellationToken).ConfigureAwait(false);
                created.AddRange(found.Items.Where(r => r.OwnerTaskId is not null));
                if (found.Items.Count < _pageSize) break;
            }
            foreach (var chunk in created.Chunk(_pageSize))
                outputsCompleted += await CompleteOutputsOfCompletedTasksAsync(chunk, cancellationToken).ConfigureAwait(false);
            await ResolveCompletedInputsAsync(sessionId, cancellationToken).ConfigureAwait(false);
            requeued += await RequeueSubmittedAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        return (released, outputsCompleted, requeued);
    }

    private async Task<IReadOnlyList<string>> SessionsThatCanProgressAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var page = 0; ; page++)
        {
            var found = await storage.Sessions.ListAsync(new SessionFilter { Statuses = [SessionState.Running, SessionState.Closed] },
                new PageQuery<SessionSort>(SessionSort.CreatedAt, false, page, _pageSize), cancellationToken).ConfigureAwait(false);
            ids.AddRange(found.Items.Select(s => s.SessionId));
            if (found.Items.Count < _pageSize) return ids;
        }
    }

    /// <summary>Every Submitted task (of one session, or of all) queued again; a duplicate message is harmless.</summary>
    private async Task<int> RequeueSubmittedAsync(string? sessionId, CancellationToken cancellationToken)
    {
        var requeued = 0;
        await foreach (var submitted in Pages(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Submitted] }, cancellationToken).ConfigureAwait(false))
        {
            await dispatcher.DispatchAsync(submitted, cancellationToken).ConfigureAwait(false);
            requeued += submitted.Count;
        }
        return requeued;
    }

    private IAsyncEnumerable<IReadOnlyList<TaskRecord>> Pages(TaskFilter filter, CancellationToken cancellationToken) =>
        TaskPages.ReadAsync(storage.Tasks, filter, _pageSize, cancellationToken);

    /// <summary>Subtasks still Creating under a Completed parent: the parent's success was stored, their release was not.</summary>
    private async Task<int> ReleaseSubtasksOfCompletedTasksAsync(string sessionId, CancellationToken cancellationToken)
    {
        var released = 0;
        await foreach (var creating in Pages(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Creating] }, cancellationToken).ConfigureAwait(false))
            released += await ReleaseSubtasksOfCompletedTasksAsync(creating, cancellationToken).ConfigureAwait(false);
        return released;
    }

    private async Task<int> ReleaseSubtasksOfCompletedTasksAsync(IReadOnlyList<TaskRecord> creating, CancellationToken cancellationToken)
    {
        var parentIds = creating.Where(t => t.ParentTaskId is not null).Select(t => t.ParentTaskId!).Distinct().ToList();
        if (parentIds.Count == 0) return 0;
        var completedParents = (await storage.Tasks.GetManyAsync(parentIds, cancellationToken).ConfigureAwait(false))
            .Where(t => t.Status == TaskState.Completed).Select(t => t.TaskId).ToHashSet();
        var orphans = creating.Where(t => t.ParentTaskId is { } parent && completedParents.Contains(parent)).ToList();
        if (orphans.Count == 0) return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        // As TaskFinisher does on success: the outputs handed over change owner first, then the subtasks become visible.
        await storage.Results.SetOwnersAsync(orphans.SelectMany(t => t.ExpectedOutputIds.Select(o => (o, t.TaskId))).ToList(), cancellationToken).ConfigureAwait(false);
        var released = await storage.Tasks.ReleaseAsync(orphans.Select(t => t.TaskId).ToList(), now, cancellationToken).ConfigureAwait(false);
        await storage.Events.AppendAsync(released.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);
        await dispatcher.DispatchAsync(released.Where(t => t.Status == TaskState.Submitted).ToList(), cancellationToken).ConfigureAwait(false);
        return released.Count;
    }

    /// <summary>Resolving an input twice is harmless, so every completed input of a Pending task is resolved again.</summary>
    private async Task ResolveCompletedInputsAsync(string? sessionId, CancellationToken cancellationToken)
    {
        await foreach (var pending in Pages(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Pending] }, cancellationToken).ConfigureAwait(false))
            await ResolveCompletedInputsAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    private async Task ResolveCompletedInputsAsync(IReadOnlyList<TaskRecord> pending, CancellationToken cancellationToken)
    {
        var inputs = pending.SelectMany(t => t.Inputs).Distinct().ToList();
        foreach (var chunk in inputs.Chunk(_pageSize))
        {
            var results = await storage.Results.GetManyAsync(chunk, cancellationToken).ConfigureAwait(false);
            await CompleteOutputsOfCompletedTasksAsync(results.Where(r => r.Status == ResultState.Created && r.OwnerTaskId is not null).ToList(), cancellationToken)
                .ConfigureAwait(false);
            var completed = results.Where(r => r.Status == ResultState.Completed).Select(r => r.ResultId).ToList();
            if (completed.Count > 0) await completion.ResolveAsync(completed, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Outputs whose task completed: their data was stored before the task was, only the last step is missing.</summary>
    private async Task<int> CompleteOutputsOfCompletedTasksAsync(IReadOnlyList<ResultRecord> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0) return 0;
        var owners = (await storage.Tasks.GetManyAsync(created.Select(r => r.OwnerTaskId!).Distinct().ToList(), cancellationToken).ConfigureAwait(false))
            .Where(t => t.Status == TaskState.Completed).Select(t => t.TaskId).ToHashSet();
        var finished = new List<(string ResultId, long Size)>();
        foreach (var result in created.Where(r => owners.Contains(r.OwnerTaskId!)))
        {
            long size = 0;
            try
            {
                await foreach (var piece in storage.Objects.ReadAsync(result.ResultId, 1 << 20, cancellationToken).ConfigureAwait(false)) size += piece.Length;
            }
            catch (GridException e) when (e.Code == GridErrorCode.NotFound)
            {
                continue; // no data to complete it with: left for its waiters to time out, rather than completed empty
            }
            finished.Add((result.ResultId, size));
        }
        return (await completion.CompleteAsync(finished, cancellationToken).ConfigureAwait(false)).Count;
    }
}
