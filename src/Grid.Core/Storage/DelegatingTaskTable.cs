using Grid.Core.Model;

namespace Grid.Core.Storage;

/// <summary>A task table that hands every call to another; a decorator overrides the calls it changes.</summary>
public abstract class DelegatingTaskTable(ITaskTable inner) : ITaskTable
{
    protected ITaskTable Inner { get; } = inner;

    public virtual Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) =>
        Inner.CreateAsync(tasks, cancellationToken);

    public virtual Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        Inner.GetAsync(taskId, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        Inner.GetManyAsync(taskIds, cancellationToken);

    public virtual Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        Inner.ListAsync(filter, page, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken) =>
        Inner.FindAsync(filter, limit, cancellationToken);

    public virtual Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken) =>
        Inner.CountByStatusAsync(filter, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken) =>
        Inner.TransitionAsync(transitions, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        Inner.ResolveInputsAsync(completedResultIds, at, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
        Inner.ReleaseAsync(taskIds, at, cancellationToken);

    public virtual Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        Inner.FindWaitingOnAsync(resultIds, cancellationToken);

    public virtual Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        Inner.RenewLeasesAsync(agentId, taskIds, expiresAt, cancellationToken);

    public virtual Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        Inner.DeleteAsync(taskIds, cancellationToken);

    public virtual Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        Inner.DeleteSessionAsync(sessionId, cancellationToken);
}
