using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>Ends an attempt of a task held by an agent: success, failure or retry, with all that follows.</summary>
public sealed class TaskFinisher(GridStorage storage, ResultCompletion completion, ReadyTaskDispatcher dispatcher, TimeProvider clock)
{
    /// <summary>
    /// Completes the task if every expected output was produced or delegated to a subtask; otherwise
    /// fails it. On success the produced outputs complete with the task, the subtasks become visible, delegated
    /// outputs change owner, and the tasks waiting for the produced outputs may be queued.
    /// </summary>
    public async Task<TaskRecord?> SucceedAsync(TaskRecord task, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        var delegatedTo = new Dictionary<string, string>();
        foreach (var subtask in outcome.Subtasks)
            foreach (var output in subtask.ExpectedOutputIds)
                delegatedTo[output] = subtask.TaskId;

        foreach (var expected in task.ExpectedOutputIds)
        {
            var produced = outcome.ProducedOutputs.ContainsKey(expected);
            var delegated = delegatedTo.ContainsKey(expected);
            if (produced == delegated)
            {
                var problem = produced
                    ? $"expected output '{expected}' was both produced and delegated to subtask '{delegatedTo[expected]}'"
                    : $"expected output '{expected}' was neither produced nor delegated to a subtask";
                return await FailAsync(task, outcome, problem, retryable: false, TaskState.Error, cancellationToken).ConfigureAwait(false);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // The produced outputs complete with the task, in one step where the backend can.
        var outputs = outcome.ProducedOutputs
            .Select(p => new ResultTransition(p.Key, ResultState.Created, ResultState.Completed, now) { Size = p.Value, RecordsEvent = true }).ToList();
        var completed = await storage.Tasks.TransitionAsync(
            [new TaskTransition(task.TaskId, TaskState.Processing, TaskState.Completed, now) { ExpectedOwnerAgentId = task.OwnerAgentId, RecordsEvent = true, ResultTransitions = outputs }],
            cancellationToken).ConfigureAwait(false);
        if (completed.Count == 0)
        {
            // The task was taken from us (cancelled, or its lease expired): what this attempt made is void.
            await DiscardAsync(task, outcome, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (delegatedTo.Count > 0)
            await storage.Results.SetOwnersAsync(delegatedTo.Select(d => (d.Key, d.Value)).ToList(), cancellationToken).ConfigureAwait(false);
        var released = outcome.Subtasks.Count == 0
            ? []
            : await storage.Tasks.ReleaseAsync(outcome.Subtasks.Select(s => s.TaskId).ToList(), now, cancellationToken).ConfigureAwait(false);

        if (released.Count > 0)
            await storage.Events.AppendAsync(released.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);

        await dispatcher.DispatchAsync(released.Where(t => t.Status == TaskState.Submitted).ToList(), cancellationToken).ConfigureAwait(false);
        // Resolving an output that was already completed (by another attempt) again is harmless.
        if (outputs.Count > 0) await completion.ResolveAsync(outputs.Select(o => o.ResultId).ToList(), cancellationToken).ConfigureAwait(false);
        return completed[0];
    }

    /// <summary>
    /// Fails the attempt. A retryable failure with attempts left queues a new attempt; otherwise the
    /// task ends in <paramref name="finalState"/> and its outputs are aborted. A failure before the worker
    /// started (the agent could not fetch the inputs) also spends the attempt, so a task whose inputs cannot
    /// be read does not circle forever.
    /// </summary>
    public async Task<TaskRecord?> FailAsync(
        TaskRecord task, AttemptOutcome outcome, string error, bool retryable, TaskState finalState, CancellationToken cancellationToken)
    {
        await DiscardAsync(task, outcome, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var retry = retryable && task.Attempt <= task.MaxRetries;
        var transition = retry
            ? new TaskTransition(task.TaskId, task.Status, TaskState.Submitted, now) { Attempt = task.Attempt + 1, Error = error }
            : new TaskTransition(task.TaskId, task.Status, finalState, now) { Error = error };
        var changed = await storage.Tasks.TransitionAsync([transition with { ExpectedOwnerAgentId = task.OwnerAgentId, RecordsEvent = true }], cancellationToken).ConfigureAwait(false);
        if (changed.Count == 0) return null;
        if (retry) await dispatcher.DispatchAsync(changed, cancellationToken).ConfigureAwait(false);
        else await completion.AbortAsync(task.ExpectedOutputIds, cancellationToken).ConfigureAwait(false);
        return changed[0];
    }

    /// <summary>
    /// Gives a task back to the queue without spending an attempt (its agent is shutting down): whatever the
    /// interrupted attempt made is discarded.
    /// </summary>
    public async Task<TaskRecord?> HandBackAsync(TaskRecord task, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        await DiscardAsync(task, outcome, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await storage.Tasks.TransitionAsync(
            [new TaskTransition(task.TaskId, task.Status, TaskState.Submitted, now) { ExpectedOwnerAgentId = task.OwnerAgentId, RecordsEvent = true }],
            cancellationToken).ConfigureAwait(false);
        if (changed.Count == 0) return null;
        await dispatcher.DispatchAsync(changed, cancellationToken).ConfigureAwait(false);
        return changed[0];
    }

    /// <summary>
    /// Throws away what an attempt made (subtasks, stored outputs); the task itself is left as it is. An output
    /// already completed is kept: another attempt of the task (this one's lease was taken back) produced it.
    /// </summary>
    /// <remarks>
    /// An expected output's data is shared by every attempt of the task (it is stored under the result's id): when this
    /// attempt's lease was taken back, a newer attempt may be writing it at this moment, and deleting it would leave that
    /// attempt's result completed without data. Expected outputs are deleted only while no other attempt can run: the
    /// task is still this attempt's, or it ended. Otherwise their data stays until the newer attempt writes it again or
    /// the session is purged. The results this attempt created are its own and always go.
    /// </remarks>
    public async Task DiscardAsync(TaskRecord task, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Subtasks.Count > 0)
            await storage.Tasks.DeleteAsync(outcome.Subtasks.Select(s => s.TaskId).ToList(), cancellationToken).ConfigureAwait(false);
        if (outcome.ProducedOutputs.Count == 0) return;
        var completed = (await storage.Results.GetManyAsync(outcome.ProducedOutputs.Keys.ToList(), cancellationToken).ConfigureAwait(false))
            .Where(r => r.Status == ResultState.Completed).Select(r => r.ResultId).ToHashSet();
        var discarded = outcome.ProducedOutputs.Keys.Where(id => !completed.Contains(id)).ToList();
        if (discarded.Any(task.ExpectedOutputIds.Contains) && !await NoOtherAttemptCanRunAsync(task, cancellationToken).ConfigureAwait(false))
            discarded.RemoveAll(task.ExpectedOutputIds.Contains);
        if (discarded.Count > 0) await storage.Objects.DeleteAsync(discarded, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> NoOtherAttemptCanRunAsync(TaskRecord attempt, CancellationToken cancellationToken)
    {
        var current = await storage.Tasks.GetAsync(attempt.TaskId, cancellationToken).ConfigureAwait(false);
        return current is null
            || Lifecycles.Task.IsFinal(current.Status)
            || (current.Status == TaskState.Processing && current.Attempt == attempt.Attempt && current.OwnerAgentId == attempt.OwnerAgentId);
    }
}
