using Grid.Core.Model;

namespace Grid.Core.Storage.Coalescing;

/// <summary>
/// A task table whose hot-path calls from concurrent callers share one round trip: transitions and
/// resolving inputs (one commit for all), and reads by id; see <see cref="CallCoalescer{TItem, TOutput}"/>.
/// Everything else goes straight through.
/// </summary>
public sealed class CoalescingTaskTable : DelegatingTaskTable
{
    private readonly CallCoalescer<TaskTransition, TaskRecord> _transitions;
    // Transitions that record events take their session's event counter, held until commit; kept apart so that
    // the others (taking a task) never wait behind it.
    private readonly CallCoalescer<TaskTransition, TaskRecord> _recordingTransitions;
    private readonly CallCoalescer<(string ResultId, DateTime At), TaskRecord> _resolutions;
    private readonly CallCoalescer<string, TaskRecord> _reads;

    public CoalescingTaskTable(ITaskTable inner) : base(inner)
    {
        _transitions = new(items => inner.TransitionAsync(items, CancellationToken.None), t => t.TaskId, t => t.TaskId);
        _recordingTransitions = new(items => inner.TransitionAsync(items, CancellationToken.None), t => t.TaskId, t => t.TaskId);
        // Tasks made ready cannot be told apart by the result that readied them: the first caller dispatches them all.
        _resolutions = new(
            completed => inner.ResolveInputsAsync(completed.Select(c => c.ResultId).ToList(), completed.Max(c => c.At), CancellationToken.None),
            c => c.ResultId, keyOfOutput: null);
        _reads = new(ids => inner.GetManyAsync(ids, CancellationToken.None), id => id, t => t.TaskId, separateKeys: false);
    }

    public override Task<IReadOnlyList<TaskRecord>> TransitionAsync(IReadOnlyCollection<TaskTransition> transitions, CancellationToken cancellationToken)
    {
        // Refused here, alone, rather than failing the other callers of the round.
        foreach (var t in transitions) t.EnsureAllowed();
        return transitions.All(t => t.RecordsEvent) ? _recordingTransitions.CallAsync(transitions, cancellationToken)
            : transitions.Any(t => t.RecordsEvent) ? Inner.TransitionAsync(transitions, cancellationToken)
            : _transitions.CallAsync(transitions, cancellationToken);
    }

    public override Task<IReadOnlyList<TaskRecord>> ResolveInputsAsync(IReadOnlyCollection<string> completedResultIds, DateTime at, CancellationToken cancellationToken) =>
        _resolutions.CallAsync(completedResultIds.Distinct().Select(id => (id, at)).ToList(), cancellationToken);

    public override async Task<TaskRecord?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        (await _reads.CallAsync([taskId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public override Task<IReadOnlyList<TaskRecord>> GetManyAsync(IReadOnlyCollection<string> taskIds, CancellationToken cancellationToken) =>
        _reads.CallAsync(taskIds, cancellationToken);
}
