using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.MongoDb.Documents;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb;

/// <summary>
/// Each append reserves a block of sequence numbers for its session with one atomic <c>$inc</c> on a counter,
/// then inserts its events. Two appends may land out of order, so readers return only the unbroken run after
/// where they are; a hole is skipped only once it is old enough to mean an append abandoned between reserving
/// and inserting (a process that stopped there). Waiting polls.
/// </summary>
internal sealed class MongoEventLog(MongoGridCollections collections) : IEventLog
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);
    private static readonly FilterDefinitionBuilder<EventDocument> Filter = Builders<EventDocument>.Filter;

    public async ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        foreach (var session in events.GroupBy(e => e.SessionId))
        {
            var batch = session.ToList();
            var counter = await collections.Counters.FindOneAndUpdateAsync(
                Builders<CounterDocument>.Filter.Eq(c => c.Id, $"events:{session.Key}"),
                Builders<CounterDocument>.Update.Inc(c => c.Value, (long)batch.Count),
                new FindOneAndUpdateOptions<CounterDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
                cancellationToken).ConfigureAwait(false);
            var first = counter.Value - batch.Count + 1;
            var storedAt = DateTime.UtcNow.Ticks;
            // Once numbers are reserved the events must be written: a cancelled append would leave a hole.
            await collections.Events.InsertManyAsync(batch.Select((e, i) => EventDocument.From(e, first + i, storedAt)),
                new InsertManyOptions { IsOrdered = true }, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken)
    {
        var last = await collections.Events.Find(Filter.Eq(e => e.SessionId, sessionId))
            .SortByDescending(e => e.Sequence).Limit(1).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return last is null ? 0 : (ulong)last.Sequence;
    }

    public async ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0) return [];
        var after = (long)Math.Min(afterSequence, long.MaxValue);
        var documents = await collections.Events.Find(Filter.Eq(e => e.SessionId, sessionId) & Filter.Gt(e => e.Sequence, after))
            .SortBy(e => e.Sequence).Limit(maxCount).ToListAsync(cancellationToken).ConfigureAwait(false);
        var unbroken = new List<GridEvent>(documents.Count);
        var expected = after + 1;
        var abandonedBefore = DateTime.UtcNow.Ticks - AbandonedAfter.Ticks;
        foreach (var document in documents)
        {
            if (document.Sequence != expected && document.StoredAt > abandonedBefore) break; // the hole is an append still in flight
            unbroken.Add(document.ToEvent());
            expected = document.Sequence + 1;
        }
        return unbroken;
    }

    /// <summary>The counter goes too, so that the session's next events would be numbered from 1 again.</summary>
    public async Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await collections.Counters.DeleteOneAsync(Builders<CounterDocument>.Filter.Eq(c => c.Id, $"events:{sessionId}"), cancellationToken).ConfigureAwait(false);
        await collections.Events.DeleteManyAsync(Filter.Eq(e => e.SessionId, sessionId), cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken)
    {
        while ((await ReadAsync(sessionId, afterSequence, 1, cancellationToken).ConfigureAwait(false)).Count == 0)
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
    }
}
