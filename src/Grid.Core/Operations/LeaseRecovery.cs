using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Takes back the tasks whose agent stopped renewing their lease (it died, or lost its way to the
/// tables), without asking that agent anything. The attempt is spent (the worker may have run, and may be
/// what brought the agent down): the task is retried if attempts remain, and fails with its outputs aborted
/// otherwise. Subtasks the lost attempt had created are deleted.
/// </summary>
/// <remarks>
/// Each move is conditional on the task still being held by the same agent, so replicas recovering at the
/// same time, or an agent finishing at the last moment, cannot both win.
/// </remarks>
public sealed class LeaseRecovery(GridStorage storage, ReadyTaskDispatcher dispatcher, ResultCompletion completion, TimeProvider clock)
{
    /// <summary>Held tasks read per storage call.</summary>
    private const int PageSize = 1_000;

    /// <returns>The tasks taken back.</returns>
    public async Task<IReadOnlyList<TaskRecord>> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Held tasks are few (at most the agents' slots), and found page by page through the status index.
        var takenBack = new List<TaskRecord>();
        await foreach (var held in TaskPages.ReadAsync(storage.Tasks, new TaskFilter { Statuses = [TaskState.Processing] }, PageSize, cancellationToken).ConfigureAwait(false))
        {
            var expired = held.Where(t => t.LeaseExpiresAt is { } lease && lease < now).ToList();
            if (expired.Count > 0)
                takenBack.AddRange(await TakeBackAsync(expired, t => $"the lease of agent '{t.OwnerAgentId}' expired at {t.LeaseExpiresAt:O}", cancellationToken).ConfigureAwait(false));
        }
        return takenBack;
    }

    /// <summary>
    /// Takes back <paramref name="held"/> tasks, each only if still held by the agent it names: the attempt is spent
    /// (<paramref name="why"/> is its error), the subtasks it created are deleted, and the task is queued again or, with
    /// no retry left, fails with its outputs aborted. Also used by the restart of the embedded grid.
    /// </summary>
    /// <returns>The tasks taken back.</returns>
    public async Task<IReadOnlyList<TaskRecord>> TakeBackAsync(IReadOnlyList<TaskRecord> held, Func<TaskRecord, string> why, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var moved = await storage.Tasks.TransitionAsync(held.Select(t => MoveOf(t, why(t), now)).ToList(), cancellationToken).ConfigureAwait(false);
        if (moved.Count == 0) return [];

        foreach (var task in moved)
        {
            var orphans = await storage.Tasks.FindAsync(new TaskFilter { ParentTaskId = task.TaskId, Statuses = [TaskState.Creating] }, int.MaxValue, cancellationToken)
                .ConfigureAwait(false);
            if (orphans.Count > 0) await storage.Tasks.DeleteAsync(orphans.Select(o => o.TaskId).ToList(), cancellationToken).ConfigureAwait(false);
        }
        await storage.Events.AppendAsync(moved.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);
        await dispatcher.DispatchAsync(moved.Where(t => t.Status == TaskState.Submitted).ToList(), cancellationToken).ConfigureAwait(false);
        var failed = moved.Where(t => t.Status != TaskState.Submitted).SelectMany(t => t.ExpectedOutputIds).ToList();
        if (failed.Count > 0) await completion.AbortAsync(failed, cancellationToken).ConfigureAwait(false);
        return moved;
    }

    private static TaskTransition MoveOf(TaskRecord task, string error, DateTime now)
    {
        var transition = task.Attempt <= task.MaxRetries
            ? new TaskTransition(task.TaskId, TaskState.Processing, TaskState.Submitted, now) { Attempt = task.Attempt + 1, Error = error }
            : new TaskTransition(task.TaskId, TaskState.Processing, TaskState.Error, now) { Error = error };
        return transition with { ExpectedOwnerAgentId = task.OwnerAgentId };
    }
}
