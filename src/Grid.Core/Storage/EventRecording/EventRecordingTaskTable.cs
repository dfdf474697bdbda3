using Grid.Core.Model;

namespace Grid.Core.Storage.EventRecording;

/// <summary>
/// For a backend that cannot write a task's change and its event in one step: appends the status event of each
/// applied transition that asks for one (<see cref="TaskTransition.RecordsEvent"/>), and the NewTask event of each
/// created task, right after the change.
/// </summary>
public sealed class EventRecordingTaskTable(ITaskTable inner, IEventLog events) : ITaskTable
{
    public async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = await inner.TransitionAsync(transitions, cancellationToken).ConfigureAwait(false);
        // A task may move twice in one call: each change is matched to its transition by the state it reached.
        var recording = new Dictionary<(string, TaskState), DateTime>();
        foreach (var t in transitions)
            if (t.RecordsEvent) recording.TryAdd((t.TaskId, t.To), t.At);
        if (recording.Count == 0) return changed;
        var recorded = new List<GridEvent>();
        foreach (var task in changed)
            if (recording.TryGetValue((task.TaskId, task.Status), out var at)) recorded.Add(GridEvent.ForTaskStatus(task, at));
        if (recorded.Count > 0) await events.AppendAsync(recorded, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public async Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        await inner.CreateAsync(tasks, cancellationToken).ConfigureAwait(false);
        await events.AppendAsync(tasks.Select(t => GridEvent.ForNewTask(t.Task, t.Task.CreatedAt)).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) => inner.GetAsync(taskId, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        inner.GetManyAsync(taskIds, cancellationToken);

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        inner.ListAsync(filter, page, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken) =>
        inner.FindAsync(filter, limit, cancellationToken);

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken) =>
        inner.CountByStatusAsync(filter, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        inner.ResolveInputsAsync(completedResultIds, at, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
        inner.ReleaseAsync(taskIds, at, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        inner.FindWaitingOnAsync(resultIds, cancellationToken);

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        inner.RenewLeasesAsync(agentId, taskIds, expiresAt, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) => inner.DeleteAsync(taskIds, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.DeleteSessionAsync(sessionId, cancellationToken);
}
