using Grid.Core.Model;

namespace Grid.Core.Storage.InMemory;

public sealed class InMemorySessionTable : ISessionTable
{
    private readonly Dictionary<string, SessionRecord> _sessions = new();
    private readonly Lock _lock = new();

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_sessions.TryAdd(session.SessionId, session))
                throw new GridException(GridErrorCode.AlreadyExists, $"session '{session.SessionId}' already exists");
        }
        return Task.CompletedTask;
    }

    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_lock) return Task.FromResult(_sessions.GetValueOrDefault(sessionId));
    }

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken)
    {
        List<SessionRecord> matching;
        lock (_lock)
        {
            matching = _sessions.Values.Where(s =>
                (filter.Statuses.Count == 0 || filter.Statuses.Contains(s.Status)) &&
                (filter.CreatedAfter is null || s.CreatedAt > filter.CreatedAfter) &&
                (filter.CreatedBefore is null || s.CreatedAt < filter.CreatedBefore)).ToList();
        }
        return Task.FromResult(Paging.Apply(matching, page, sort => sort switch
        {
            SessionSort.SessionId => s => s.SessionId,
            SessionSort.Status => s => s.Status,
            _ => s => s.CreatedAt,
        }));
    }

    public Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(sessionId, out var session) || session.Status != from)
                return Task.FromResult<SessionRecord?>(null);
            var updated = session with
            {
                Status = to,
                CancelledAt = to == SessionState.Cancelled ? at : session.CancelledAt,
                ClosedAt = to == SessionState.Closed ? at : session.ClosedAt,
            };
            _sessions[sessionId] = updated;
            return Task.FromResult<SessionRecord?>(updated);
        }
    }

    internal List<SessionRecord> Snapshot()
    {
        lock (_lock) return [.. _sessions.Values];
    }
}
