using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>The results of a <see cref="JournalStore"/>: each change journaled, each read answered once what it saw is stored.</summary>
internal sealed class JournaledResultTable(JournalStore store) : IResultTable, IAsyncDisposable
{
    private IResultTable Inner => store.Inner.Results;

    public Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.CreateResults, Results = [.. results] }, () => Inner.CreateAsync(results, CancellationToken.None));

    public Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.GetManyAsync(resultIds, cancellationToken));

    public Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.ListAsync(filter, page, cancellationToken));

    public Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.SetResultOwners, Owners = owners.Select(o => new ResultOwner(o.ResultId, o.OwnerTaskId)).ToList() },
            () => Inner.SetOwnersAsync(owners, CancellationToken.None));

    public Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.TransitionResults, ResultTransitions = [.. transitions] },
            () => Inner.TransitionAsync(transitions, CancellationToken.None));

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.DeleteSessionResults, Id = sessionId }, () => Inner.DeleteSessionAsync(sessionId, CancellationToken.None));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
