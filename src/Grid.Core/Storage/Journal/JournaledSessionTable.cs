using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>The sessions of a <see cref="JournalStore"/>: each change journaled, each read answered once what it saw is stored.</summary>
internal sealed class JournaledSessionTable(JournalStore store) : ISessionTable, IAsyncDisposable
{
    private ISessionTable Inner => store.Inner.Sessions;

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.CreateSession, Sessions = [session] }, () => Inner.CreateAsync(session, CancellationToken.None));

    public Task<SessionRecord?> GetAsync(string sessionId, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.GetAsync(sessionId, cancellationToken));

    public Task<Page<SessionRecord>> ListAsync(SessionFilter filter, PageQuery<SessionSort> page, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.ListAsync(filter, page, cancellationToken));

    public Task<SessionRecord?> TryTransitionAsync(string sessionId, SessionState from, SessionState to, DateTime at, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.TransitionSession, Id = sessionId, From = from, To = to, At = at },
            () => Inner.TryTransitionAsync(sessionId, from, to, at, CancellationToken.None));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
