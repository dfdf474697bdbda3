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

    /// <summary>
    /// Queues tasks of <paramref name="session"/>, as the caller read it before making them ready (a submission). Read
    /// running, it is not read again: that would cost a round trip and still not exclude a pause made just after, and
    /// the agent that takes a task of a paused session hands it back. Read paused, it is read again: a resume made
    /// meanwhile may not have seen these tasks.
    /// </summary>
    public ValueTask DispatchAsync(IReadOnlyList<TaskRecord> ready, SessionRecord session, CancellationToken cancellationToken)
    {
        if (ready.Any(t => t.SessionId != session.SessionId))
            throw new ArgumentException($"every task must belong to session '{session.SessionId}'", nameof(ready));
        if (ready.Count == 0) return ValueTask.CompletedTask;
        if (session.Status is not (SessionState.Running or SessionState.Closed)) return DispatchAsync(ready, cancellationToken);
        return storage.Queue.EnqueueAsync(ready.Select(t => new QueueItem(t.TaskId, t.PartitionId, t.Priority)).ToList(), cancellationToken);
    }
}
