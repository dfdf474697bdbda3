using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>
/// The events of a <see cref="JournalStore"/>. A waiter may wake as soon as an event is applied in memory; what it then
/// reads is answered once stored, so it never acts on an event that a crash could take back.
/// </summary>
internal sealed class JournaledEventLog(JournalStore store) : IEventLog, IAsyncDisposable
{
    private IEventLog Inner => store.Inner.Events;

    public ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken) =>
        events.Count == 0
            ? ValueTask.CompletedTask
            : new(store.ChangeAsync(new JournalEntry { Command = JournalCommand.AppendEvents, Events = [.. events] },
                () => Inner.AppendAsync(events, CancellationToken.None).AsTask()));

    public ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.LastSequenceAsync(sessionId, cancellationToken));

    public ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken) =>
        store.ReadAsync(Inner.ReadAsync(sessionId, afterSequence, maxCount, cancellationToken));

    public Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken) =>
        Inner.WaitForEventsAsync(sessionId, afterSequence, cancellationToken);

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        store.ChangeAsync(new JournalEntry { Command = JournalCommand.DeleteSessionEvents, Id = sessionId }, () => Inner.DeleteSessionAsync(sessionId, CancellationToken.None));

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
