using Grid.Core.Lifecycle;
using Grid.Core.Model;

namespace Grid.Core.Storage.Coalescing;

/// <summary>
/// A task table whose hot-path calls from concurrent callers share one round trip: transitions and
/// resolving inputs (one commit for all), and reads by id; see <see cref="CallCoalescer{TItem, TOutput}"/>.
/// Everything else goes straight through.
/// </summary>
public sealed class CoalescingTaskTable : ITaskTable
{
    private readonly ITaskTable _inner;
    private readonly CallCoalescer<TaskTransition, TaskRecord> _transitions;
    // Transitions that record events take their session's event counter, held until commit; kept apart so that
    // the others (taking a task) never wait behind it.
    private readonly CallCoalescer<TaskTransition, TaskRecord> _recordingTransitions;
    private readonly CallCoalescer<(string ResultId, DateTime At), TaskRecord> _resolutions;
    private readonly CallCoalescer<string, TaskRecord> _reads;

    public CoalescingTaskTable(ITaskTable inner)
    {
        _inner = inner;
        _transitions = new(items => inner.TransitionAsync(items, CancellationToken.None), t => t.TaskId, t => t.TaskId);
        _recordingTransitions = new(items => inner.TransitionAsync(items, CancellationToken.None), t => t.TaskId, t => t.TaskId);
        // Tasks made ready cannot be told apart by the result that readied them: the first caller dispatches them all.
        _resolutions = new(
            completed => inner.ResolveInputsAsync(completed.Select(c => c.ResultId).ToList(), completed.Max(c => c.At), CancellationToken.None),
            c => c.ResultId, keyOfOutput: null);
        _reads = new(ids => inner.GetManyAsync(ids, CancellationToken.None), id => id, t => t.TaskId, separateKeys: false);
    }

    public Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        // Refused here, alone, rather than failing the other callers of the round.
        foreach (var t in transitions)
        {
            if (!Lifecycles.Task.CanMove(t.From, t.To))
                throw new InvalidOperationException($"task transition {t.From} -> {t.To} is not allowed");
            foreach (var r in t.ResultTransitions)
                if (!Lifecycles.Result.CanMove(r.From, r.To))
                    throw new InvalidOperationException($"result transition {r.From} -> {r.To} is not allowed");
        }
        return transitions.All(t => t.RecordsEvent) ? _recordingTransitions.CallAsync(transitions, cancellationToken)
            : transitions.Any(t => t.RecordsEvent) ? _inner.TransitionAsync(transitions, cancellationToken)
            : _transitions.CallAsync(transitions, cancellationToken);
    }

    public Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        _resolutions.CallAsync(completedResultIds.Distinct().Select(id => (id, at)).ToList(), cancellationToken);

    public Task CreateAsync(IReadOnlyCollection<NewTask> tasks, CancellationToken cancellationToken) => _inner.CreateAsync(tasks, cancellationToken);

    public async Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        (await _reads.CallAsync([taskId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        _reads.CallAsync(taskIds, cancellationToken);

    public Task<Page<TaskRecord>> ListAsync(TaskFilter filter, PageQuery<TaskSort> page, CancellationToken cancellationToken) =>
        _inner.ListAsync(filter, page, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindAsync(TaskFilter filter, int limit, CancellationToken cancellationToken) =>
        _inner.FindAsync(filter, limit, cancellationToken);

    public Task<IReadOnlyDictionary<TaskState, long>> CountByStatusAsync(TaskFilter filter, CancellationToken cancellationToken) =>
        _inner.CountByStatusAsync(filter, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> ReleaseAsync(IReadOnlyCollection<string> taskIds, DateTime at, CancellationToken cancellationToken) =>
        _inner.ReleaseAsync(taskIds, at, cancellationToken);

    public Task<IReadOnlyList<TaskRecord>> FindWaitingOnAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        _inner.FindWaitingOnAsync(resultIds, cancellationToken);

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string agentId, IReadOnlyCollection<string> taskIds, DateTime expiresAt, CancellationToken cancellationToken) =>
        _inner.RenewLeasesAsync(agentId, taskIds, expiresAt, cancellationToken);

    public Task DeleteAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) => _inner.DeleteAsync(taskIds, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) => _inner.DeleteSessionAsync(sessionId, cancellationToken);
}
