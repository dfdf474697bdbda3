using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>Creates sessions and moves them through their lifecycle, with what each move implies for tasks and results.</summary>
public sealed class SessionOperations(GridStorage storage, ReadyTaskDispatcher dispatcher, ResultCompletion completion, PartitionCatalog partitions, TimeProvider clock)
{
    private static readonly TaskState[] Unfinished =
        [TaskState.Creating, TaskState.Pending, TaskState.Submitted, TaskState.Processing];

    public async Task<SessionRecord> CreateAsync(GridTaskOptions defaults, IReadOnlyList<string> partitionIds, CancellationToken cancellationToken)
    {
        for (var i = 0; i < partitionIds.Count; i++)
            if (!partitions.Exists(partitionIds[i]))
                throw GridException.InvalidArgument($"partition_ids[{i}]", $"partition '{partitionIds[i]}' does not exist");
        var allowed = partitionIds.Count > 0 ? partitionIds.Distinct().ToList() : [partitions.DefaultPartitionId];
        if (defaults.PartitionId is { } partition && !allowed.Contains(partition))
            throw GridException.InvalidArgument("default_task_options.partition_id", $"partition '{partition}' is not one of the session's partitions");
        var session = new SessionRecord
        {
            SessionId = GridIds.New(),
            Status = SessionState.Running,
            DefaultOptions = defaults with { PartitionId = defaults.PartitionId ?? allowed[0] },
            PartitionIds = allowed,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await storage.Sessions.CreateAsync(session, cancellationToken).ConfigureAwait(false);
        return session;
    }

    public async Task<SessionRecord> PauseAsync(string sessionId, CancellationToken cancellationToken) =>
        (await MoveAsync(sessionId, SessionState.Paused, "pause", cancellationToken).ConfigureAwait(false)).Session;

    /// <summary>Resumes dispatch: every task left Submitted while paused is queued.</summary>
    public async Task<SessionRecord> ResumeAsync(string sessionId, CancellationToken cancellationToken)
    {
        var (session, moved) = await MoveAsync(sessionId, SessionState.Running, "resume", cancellationToken).ConfigureAwait(false);
        if (!moved) return session; // already running: nothing was held back
        var ready = await storage.Tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = [TaskState.Submitted] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
        await dispatcher.DispatchAsync(ready, cancellationToken).ConfigureAwait(false);
        return session;
    }

    public async Task<SessionRecord> CloseAsync(string sessionId, CancellationToken cancellationToken) =>
        (await MoveAsync(sessionId, SessionState.Closed, "close", cancellationToken).ConfigureAwait(false)).Session;

    /// <summary>Cancels every unfinished task of the session and aborts the results still to be produced.</summary>
    public async Task<SessionRecord> CancelAsync(string sessionId, CancellationToken cancellationToken)
    {
        var (session, _) = await MoveAsync(sessionId, SessionState.Cancelled, "cancel", cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionState.Cancelled) return session; // past it already: nothing left to do
        var unfinished = await storage.Tasks.FindAsync(new TaskFilter { SessionId = sessionId, Statuses = Unfinished }, int.MaxValue, cancellationToken).ConfigureAwait(false);
        await CancelTasksAsync(unfinished, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>
    /// Deletes the data of every result of the session from object storage. A closed session whose tasks have not all
    /// finished is refused (FAILED_PRECONDITION, naming how many): its tasks still read those results.
    /// </summary>
    public async Task<SessionRecord> PurgeAsync(string sessionId, CancellationToken cancellationToken)
    {
        await RefuseWhileTasksRunAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var (session, _) = await MoveAsync(sessionId, SessionState.Purged, "purge", cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionState.Purged) return session; // past it already: nothing left to do
        var now = clock.GetUtcNow().UtcDateTime;
        const int batch = 10_000; // each pass takes the first page again: purged results leave the filter
        while (true)
        {
            var page = await storage.Results.ListAsync(new ResultFilter { SessionId = sessionId, Statuses = [ResultState.Completed, ResultState.Created, ResultState.Aborted] },
                new PageQuery<ResultSort>(ResultSort.CreatedAt, false, 0, batch), cancellationToken).ConfigureAwait(false);
            if (page.Items.Count == 0) break;
            await storage.Objects.DeleteAsync(page.Items.Select(r => r.ResultId).ToList(), cancellationToken).ConfigureAwait(false);
            var deleted = await storage.Results.TransitionAsync(
                page.Items.Select(r => new ResultTransition(r.ResultId, r.Status, ResultState.Deleted, now)).ToList(), cancellationToken).ConfigureAwait(false);
            await storage.Events.AppendAsync(deleted.Select(r => GridEvent.ForResultStatus(r, now)).ToList(), cancellationToken).ConfigureAwait(false);
        }
        return session;
    }

    /// <summary>
    /// A closed session runs its tasks to their end, and they read the session's results as inputs: purging it before
    /// would take their data from under them. None can start once none is left (a closed session accepts no task from
    /// clients, and only a running task creates subtasks), so the check holds until the purge. A cancelled session
    /// has no tasks left to run.
    /// </summary>
    private async Task RefuseWhileTasksRunAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await SessionChecks.GetAsync(storage, sessionId, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionState.Closed) return;
        var counts = await storage.Tasks.CountByStatusAsync(new TaskFilter { SessionId = sessionId, Statuses = Unfinished }, cancellationToken).ConfigureAwait(false);
        var unfinished = counts.Values.Sum();
        if (unfinished > 0)
            throw GridException.FailedPrecondition(
                $"cannot purge session '{sessionId}': it is Closed with {unfinished} unfinished task{(unfinished == 1 ? "" : "s")}, whose inputs purging would delete; wait for them to finish, or cancel the session first");
    }

    /// <summary>
    /// Deletes the metadata of the session's tasks, results and events; the session itself stays, Deleted, so that
    /// asking for it says so.
    /// </summary>
    public async Task<SessionRecord> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        var (session, _) = await MoveAsync(sessionId, SessionState.Deleted, "delete", cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionState.Deleted) return session; // past it already: nothing left to do
        await storage.Tasks.DeleteSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        await storage.Results.DeleteSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        await storage.Events.DeleteSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return session;
    }

    /// <summary>Cancels the given tasks (those not already final) and aborts their outputs.</summary>
    public async Task<IReadOnlyList<TaskRecord>> CancelTasksAsync(IReadOnlyList<TaskRecord> tasks, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cancelled = await storage.Tasks.TransitionAsync(
            tasks.Where(t => Lifecycles.Task.CanMove(t.Status, TaskState.Cancelled))
                .Select(t => new TaskTransition(t.TaskId, t.Status, TaskState.Cancelled, now) { Error = "cancelled" }).ToList(),
            cancellationToken).ConfigureAwait(false);
        await storage.Events.AppendAsync(cancelled.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);
        await completion.AbortAsync(cancelled.SelectMany(t => t.ExpectedOutputIds).ToList(), cancellationToken).ConfigureAwait(false);
        return cancelled;
    }

    /// <summary>
    /// Moves the session, or leaves it when the request is already met (it is in that state, or a stop is asked of a
    /// session that has ended): the call then succeeds and changes nothing. <c>Moved</c> says which.
    /// </summary>
    /// <remarks>
    /// A request met by the state it asks for still runs its follow-up (cancel, purge, delete): they are idempotent, and
    /// a client that retries after a call cut midway gets the work finished.
    /// </remarks>
    private async Task<(SessionRecord Session, bool Moved)> MoveAsync(string sessionId, SessionState to, string action, CancellationToken cancellationToken)
    {
        while (true)
        {
            var session = await SessionChecks.GetAsync(storage, sessionId, cancellationToken).ConfigureAwait(false);
            if (!Lifecycles.Session.MustMove(sessionId, session.Status, to, action)) return (session, false);
            var moved = await storage.Sessions.TryTransitionAsync(sessionId, session.Status, to, clock.GetUtcNow().UtcDateTime, cancellationToken).ConfigureAwait(false);
            if (moved is not null) return (moved, true);
            // Another request moved the session meanwhile: decide again on its new state.
        }
    }
}
