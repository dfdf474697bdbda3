using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Puts back on the queue what a restart may have lost. The table is the truth: every Submitted task
/// is queued again (a duplicate message is harmless), and when the restarting process was the only
/// agent, the tasks it held go back to Submitted.
/// </summary>
public sealed class DispatchRecovery(GridStorage storage, ReadyTaskDispatcher dispatcher, TimeProvider clock)
{
    private const int Batch = 10_000;

    public async Task<(int TakenBack, int Requeued)> RecoverAsync(bool takeBackHeldTasks, CancellationToken cancellationToken)
    {
        var takenBack = 0;
        if (takeBackHeldTasks)
        {
            var held = await storage.Tasks.FindAsync(new TaskFilter { Statuses = [TaskState.Dispatched, TaskState.Processing] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var chunk in held.Chunk(Batch))
            {
                // An attempt that was running counts as spent (it may be what brought the process down);
                // a task only dispatched had not started.
                var moved = await storage.Tasks.TransitionAsync(chunk.Select(t => t.Status == TaskState.Dispatched
                    ? new TaskTransition(t.TaskId, TaskState.Dispatched, TaskState.Submitted, now)
                    : new TaskTransition(t.TaskId, TaskState.Processing, TaskState.Submitted, now) { Attempt = t.Attempt + 1, Error = "the grid restarted while the task ran" }).ToList(),
                    cancellationToken).ConfigureAwait(false);
                await storage.Events.AppendAsync(moved.Select(t => GridEvent.ForTaskStatus(t, now)).ToList(), cancellationToken).ConfigureAwait(false);
                takenBack += moved.Count;
            }
        }

        var submitted = await storage.Tasks.FindAsync(new TaskFilter { Statuses = [TaskState.Submitted] }, int.MaxValue, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in submitted.Chunk(Batch))
            await dispatcher.DispatchAsync(chunk, cancellationToken).ConfigureAwait(false);
        return (takenBack, submitted.Count);
    }
}
