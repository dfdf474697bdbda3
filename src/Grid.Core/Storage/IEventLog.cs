using Grid.Core.Model;

namespace Grid.Core.Storage;

/// <summary>The events of each session in order, numbered without gaps so that readers can resume.</summary>
public interface IEventLog
{
    /// <summary>Appends the events, numbering them; events of one call keep their order.</summary>
    ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken);

    /// <summary>Sequence number of the last event of the session, 0 when it has none.</summary>
    ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> events with a sequence greater than <paramref name="afterSequence"/>.</summary>
    ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Completes when the session has an event after <paramref name="afterSequence"/> (or at once if it has).</summary>
    Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken);

    /// <summary>Deletes the session's events and its numbering: afterwards its last sequence is 0.</summary>
    Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken);
}
