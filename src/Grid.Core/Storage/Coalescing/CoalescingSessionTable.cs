using Grid.Core.Model;

namespace Grid.Core.Storage.Coalescing;

/// <summary>
/// A session table whose reads by id from concurrent callers share one round: every task an agent takes
/// reads its session, and the tasks running at once mostly share a few sessions.
/// </summary>
public sealed class CoalescingSessionTable : ISessionTable
{
    private readonly ISessionTable _inner;
    private readonly CallCoalescer<string, SessionRecord> _reads;

    public CoalescingSessionTable(ISessionTable inner)
    {
        _inner = inner;
        _reads = new(ReadAllAsync, id => id, s => s.SessionId, separateKeys: false);
    }

    private async Task<IReadOnlyList<SessionRecord>> ReadAllAsync(IReadOnlyCollection<string> sessionIds)
    {
        var found = await Task.WhenAll(sessionIds.Select(id => _inner.GetAsync(id, CancellationToken.None))).ConfigureAwait(false);
        return found.OfType<SessionRecord>().ToList();
    }

    public async Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        (await _reads.CallAsync([sessionId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) => _inner.CreateAsync(session, cancellationToken);

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken) =>
        _inner.ListAsync(filter, page, cancellationToken);

    public Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken) =>
        _inner.TryTransitionAsync(sessionId, from, to, at, cancellationToken);
}
