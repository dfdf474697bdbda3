using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Marks results completed or aborted and carries the consequences to the tasks that wait for
/// them: a task whose last input completes is queued; a task with an aborted input fails, and
/// its own outputs are aborted in turn.
/// </summary>
public sealed class ResultCompletion(GridStorage storage, ReadyTaskDispatcher dispatcher, TimeProvider clock)
{
    public async Task<IReadOnlyList<ResultRecord>> CompleteAsync(IReadOnlyCollection<(string ResultId, long Size)> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var completed = await storage.Results.TransitionAsync(
            results.Select(r => new ResultTransition(r.ResultId, ResultState.Created, ResultState.Completed, now) { Size = r.Size, RecordsEvent = true }).ToList(),
            cancellationToken).ConfigureAwait(false);
        if (completed.Count == 0) return completed;
        await ResolveAsync(completed.Select(r => r.ResultId).ToList(), cancellationToken).ConfigureAwait(false);
        return completed;
    }

    /// <summary>Lets the tasks waiting on <paramref name="completedResultIds"/> run if nothing else is missing.</summary>
    public async Task ResolveAsync(IReadOnlyCollection<string> completedResultIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ready = await storage.Tasks.ResolveInputsAsync(completedResultIds, now, cancellationToken).ConfigureAwait(false);
        if (ready.Count == 0) return;
        await storage.Events.AppendAsync(ready.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);
        await dispatcher.DispatchAsync(ready, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Aborts the results, fails every task waiting on them, and so on down the graph.</summary>
    public async Task AbortAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        var toAbort = resultIds;
        while (toAbort.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var aborted = await storage.Results.TransitionAsync(
                toAbort.Select(id => new ResultTransition(id, ResultState.Created, ResultState.Aborted, now)).ToList(),
                cancellationToken).ConfigureAwait(false);
            if (aborted.Count == 0) return;
            var events = aborted.Select(r => GridEvent.ForResultStatus(r, now)).ToList();

            var abortedIds = aborted.Select(r => r.ResultId).ToHashSet();
            var waiting = await storage.Tasks.FindWaitingOnAsync(abortedIds, cancellationToken).ConfigureAwait(false);
            var failed = await storage.Tasks.TransitionAsync(
                waiting.Where(t => t.Status == TaskState.Pending).Select(t => new TaskTransition(t.TaskId, TaskState.Pending, TaskState.Error, now)
                {
                    Error = $"input '{t.Inputs.First(abortedIds.Contains)}' was aborted",
                }).ToList(),
                cancellationToken).ConfigureAwait(false);
            events.AddRange(failed.Select(t => GridEvent.ForTaskStatus(t, now)));
            await storage.Events.AppendAsync(events, cancellationToken).ConfigureAwait(false);
            toAbort = failed.SelectMany(t => t.ExpectedOutputIds).ToList();
        }
    }
}
