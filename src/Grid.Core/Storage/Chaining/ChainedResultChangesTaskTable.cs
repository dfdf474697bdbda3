using Grid.Core.Model;

namespace Grid.Core.Storage.Chaining;

/// <summary>
/// For a backend that cannot change tasks and results in one step: applies the result changes that go with a task's
/// right after it: the result transitions of each task transition that applied (<see cref="TaskTransition.ResultTransitions"/>)
/// and the owners of the outputs of created tasks (<see cref="NewTask.OwnsOutputs"/>).
/// </summary>
public sealed class ChainedResultChangesTaskTable(ITaskTable inner, IResultTable results) : ITaskTable
{
    public async Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = await inner.TransitionAsync(transitions, cancellationToken).ConfigureAwait(false);
        // A task may move twice in one call: each change is matched to its transition by the state it reached.
        var chained = new Dictionary<(string, TaskState), IReadOnlyList<ResultTransition>>();
        foreach (var t in transitions)
            if (t.ResultTransitions.Count > 0) chained.TryAdd((t.TaskId, t.To), t.ResultTransitions);
        if (chained.Count == 0) return changed;
        var following = changed.SelectMany(task => chained.GetValueOrDefault((task.TaskId, task.Status)) ?? []).ToList();
        if (following.Count > 0) await results.TransitionAsync(following, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    public async Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken)
    {
        await inner.CreateAsync(tasks, cancellationToken).ConfigureAwait(false);
        var owners = tasks.Where(t => t.OwnsOutputs).SelectMany(t => t.Task.ExpectedOutputIds.Select(id => (id, t.Task.TaskId))).ToList();
        if (owners.Count > 0) await results.SetOwnersAsync(owners, cancellationToken).ConfigureAwait(false);
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
