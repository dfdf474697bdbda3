using Grid.Core.Model;

namespace Grid.Core.Storage.Coalescing;

/// <summary>A result table whose transitions (one commit for all) and reads by id from concurrent callers share one round trip.</summary>
public sealed class CoalescingResultTable : DelegatingResultTable
{
    private readonly CallCoalescer<ResultTransition, ResultRecord> _transitions;
    private readonly CallCoalescer<string, ResultRecord> _reads;

    public CoalescingResultTable(IResultTable inner) : base(inner)
    {
        _transitions = new(items => inner.TransitionAsync(items, CancellationToken.None), t => t.ResultId, r => r.ResultId);
        _reads = new(ids => inner.GetManyAsync(ids, CancellationToken.None), id => id, r => r.ResultId, separateKeys: false);
    }

    public override Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        foreach (var t in transitions) t.EnsureAllowed();
        return _transitions.CallAsync(transitions, cancellationToken);
    }

    public override Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        _reads.CallAsync(resultIds, cancellationToken);
}
