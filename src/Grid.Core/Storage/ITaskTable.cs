using Grid.Core.Model;

namespace Grid.Core.Storage;

public interface ITaskTable
{
    /// <summary>
    /// Creates the tasks, records for each the inputs it still waits for, and appends a NewTask event of each, timed at
    /// its creation.
    /// </summary>
    Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken);

    Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken);

    Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken);

    /// <summary>
    /// Every task matching <paramref name="filter"/>, up to <paramref name="limit"/>, in task id order (ordinal), so that
    /// <see cref="TaskFilter.TaskIdAfter"/> pages through them. A backend answers a page of one status (within a
    /// session or across sessions) from an index ordered by task id.
    /// </summary>
    Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken);

    /// <summary>Applies each transition whose condition holds, atomically per task; returns the tasks that changed.</summary>
    Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="completedResultIds"/> are completed: each waiting task forgets them
    /// (once: resolving twice is harmless), and Pending tasks left waiting for nothing become Submitted.
    /// Returns those tasks.
    /// </summary>
    Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken);

    /// <summary>Makes subtasks visible: Creating becomes Submitted, or Pending while inputs are missing.</summary>
    Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken);

    /// <summary>Tasks still waiting for any of <paramref name="resultIds"/>.</summary>
    Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the lease of each task that is still Processing and held by <paramref name="agentId"/>
    /// to <paramref name="expiresAt"/>; returns the ids of the tasks renewed (the others are no longer the agent's).
    /// </summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes tasks that never became visible (subtasks of a failed attempt).</summary>
    Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken);

    /// <summary>Deletes every task of the session and the inputs they still wait for.</summary>
    Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken);
}
