using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>
/// Queues tasks that became Submitted. Called only after that state is stored, so a task is never
/// lost between the table and the queue. Tasks of a paused session are left out: resuming the
/// session queues every Submitted task it has.
/// </summary>
public sealed class ReadyTaskDispatcher(GridStorage storage)
{
    public async ValueTask DispatchAsync(IReadOnlyList<TaskRecord> ready, CancellationToken cancellationToken)
    {
        if (ready.Count == 0) return;
        var items = new List<QueueItem>(ready.Count);
        foreach (var group in ready.GroupBy(t => t.SessionId))
        {
            var session = await storage.Sessions.GetAsync(group.Key, cancellationToken).ConfigureAwait(false);
            if (session?.Status is not (SessionState.Running or SessionState.Closed)) continue;
            items.AddRange(group.Select(t => new QueueItem(t.TaskId, t.PartitionId, t.Priority)));
        }
        if (items.Count > 0) await storage.Queue.EnqueueAsync(items, cancellationToken).ConfigureAwait(false);
    }
}
