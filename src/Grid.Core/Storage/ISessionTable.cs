using Grid.Core.Model;

namespace Grid.Core.Storage;

public interface ISessionTable
{
    Task CreateAsync(SessionRecord session, CancellationToken cancellationToken);

    Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken);

    Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken);

    /// <summary>Moves the session from <paramref name="from"/> to <paramref name="to"/>; null when it was not in <paramref name="from"/>.</summary>
    Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken);
}
