using Grid.Core.Model;

namespace Grid.Core.Storage;

/// <summary>A result table that hands every call to another; a decorator overrides the calls it changes.</summary>
public abstract class DelegatingResultTable(IResultTable inner) : IResultTable
{
    protected IResultTable Inner { get; } = inner;

    public virtual Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken) =>
        Inner.CreateAsync(results, cancellationToken);

    public virtual Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        Inner.GetManyAsync(resultIds, cancellationToken);

    public virtual Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken) =>
        Inner.ListAsync(filter, page, cancellationToken);

    public virtual Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken) =>
        Inner.SetOwnersAsync(owners, cancellationToken);

    public virtual Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken) =>
        Inner.TransitionAsync(transitions, cancellationToken);

    public virtual Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        Inner.DeleteSessionAsync(sessionId, cancellationToken);
}
