using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Puts back on the queue what a restart may have lost. The table is the truth: when the restarting
/// process was the only agent, the tasks it held are taken back as if their leases had expired; the inputs of Pending tasks that
/// a crash left half done are finished (a task stored as completed whose output was not yet marked
/// complete; a result marked complete whose waiting tasks were not yet told); and every Submitted task
/// is queued again (a duplicate message is harmless).
/// </summary>
public sealed class DispatchRecovery(GridStorage storage, ReadyTaskDispatcher dispatcher, ResultCompletion completion, TimeProvider clock)
{
    private const int Batch = 10_000;

    public async Task<(int TakenBack, int Requeued)> RecoverAsync(bool takeBackHeldTasks, CancellationToken cancellationToken)
    {
        var takenBack = 0;
        if (takeBackHeldTasks)
        {
            var held = await storage.Tasks.FindAsync(new TaskFilter { Statuses = [TaskState.Processing] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
            // As when a lease expires: the attempt that was running is spent (it may be what brought the process down),
            // the subtasks it had created go with it, and a task with no retry left fails instead of coming back forever.
            var leases = new LeaseRecovery(storage, dispatcher, completion, clock);
            foreach (var chunk in held.Chunk(Batch))
                takenBack += (await leases.TakeBackAsync(chunk, _ => "the grid restarted while the task ran", cancellationToken).ConfigureAwait(false)).Count;
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
            var created = new List<ResultRecord>();
            for (var page = 0; ; page++)
            {
                var found = await storage.Results.ListAsync(new ResultFilter { SessionId = sessionId, Statuses = [ResultState.Created] },
                    new PageQuery<ResultSort>(ResultSort.CreatedAt, false, page, Batch), cancellationToken).ConfigureAwait(false);
                created.AddRange(found.Items.Where(r => r.OwnerTaskId is not null));
                if (found.Items.Count < Batch) break;
            }
            foreach (var chunk in created.Chunk(Batch))
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
                new PageQuery<SessionSort>(SessionSort.CreatedAt, false, page, Batch), cancellationToken).ConfigureAwait(false);
            ids.AddRange(found.Items.Select(s => s.SessionId));
            if (found.Items.Count < Batch) return ids;
        }
    }

    /// <summary>Every Submitted task (of one session, or of all) queued again; a duplicate message is harmless.</summary>
    private async Task<int> RequeueSubmittedAsync(string? sessionId, CancellationToken cancellationToken)
    {
        var submitted = await storage.Tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Submitted] }, int.MaxValue, cancellationToken)
            .ConfigureAwait(false);
        foreach (var chunk in submitted.Chunk(Batch))
            await dispatcher.DispatchAsync(chunk, cancellationToken).ConfigureAwait(false);
        return submitted.Count;
    }

    /// <summary>Subtasks still Creating under a Completed parent: the parent's success was stored, their release was not.</summary>
    private async Task<int> ReleaseSubtasksOfCompletedTasksAsync(string sessionId, CancellationToken cancellationToken)
    {
        var creating = await storage.Tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Creating] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
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
        var pending = await storage.Tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Pending] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
        var inputs = pending.SelectMany(t => t.Inputs).Distinct().ToList();
        foreach (var chunk in inputs.Chunk(Batch))
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
