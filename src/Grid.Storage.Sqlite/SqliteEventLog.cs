using System.Collections.Concurrent;
using Grid.Core.Model;
using Grid.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// Events numbered per session inside the write transaction (last sequence + 1), so the numbering has no gaps. The
/// tables append the events of their changes in the same transaction (<see cref="Append"/>), and report them once
/// committed (<see cref="Appended"/>): only the waiters of the sessions that got events wake, and they learn the new
/// last sequence without reading the database. Waiters also poll, in case another process writes the same file.
/// </summary>
internal sealed class SqliteEventLog(SqliteDatabase database) : IEventLog, IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private const string SelectLast = "SELECT COALESCE(MAX(sequence), 0) FROM events WHERE session_id = $session_id";

    /// <summary>The last sequence committed by this process per session that has waiters or events since it was opened.</summary>
    private readonly ConcurrentDictionary<string, ulong> _lastSequences = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AppendSignal> _signals = new(StringComparer.Ordinal);

    public async ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var appended = await database.WriteAsync((connection, transaction) => Append(connection, transaction, events), cancellationToken).ConfigureAwait(false);
        Appended(appended);
    }

    /// <summary>Numbers and inserts <paramref name="events"/> in <paramref name="transaction"/>; returns each session's new last sequence for <see cref="Appended"/>.</summary>
    internal static List<(string SessionId, ulong LastSequence)> Append(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<GridEvent> events)
    {
        var appended = new List<(string, ulong)>();
        if (events.Count == 0) return appended;
        var insert = connection.Prepared(transaction, EventRows.Insert);
        foreach (var e in events)
        {
            EventRows.BindInsert(insert, e);
            var sequence = (ulong)Convert.ToInt64(insert.ExecuteScalar());
            var last = appended.FindIndex(a => a.Item1 == e.SessionId);
            if (last < 0) appended.Add((e.SessionId, sequence));
            else appended[last] = (e.SessionId, sequence);
        }
        return appended;
    }

    /// <summary>After the commit of an <see cref="Append"/>: remembers the sessions' last sequences and wakes their waiters.</summary>
    internal void Appended(List<(string SessionId, ulong LastSequence)> appended)
    {
        foreach (var (sessionId, last) in appended)
        {
            _lastSequences.AddOrUpdate(sessionId, last, (_, known) => Math.Max(known, last));
            // Updated before the wake-up: a waiter takes its signal before it reads the sequence, so it misses neither.
            if (_signals.TryRemove(sessionId, out var signal)) signal.Pulse();
        }
    }

    /// <remarks>
    /// What this process committed last when it knows the session: never ahead of the file, at most behind it by the
    /// events of another process, which a reader then reads as new.
    /// </remarks>
    public ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        _lastSequences.TryGetValue(sessionId, out var last) ? ValueTask.FromResult(last) : new(LastSequenceTask(sessionId, cancellationToken));

    public ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken) =>
        new(database.ReadAsync<IReadOnlyList<GridEvent>>(connection =>
        {
            var select = connection.Prepared(
                    $"SELECT {EventRows.Columns} FROM events WHERE session_id = $session_id AND sequence > $after ORDER BY sequence LIMIT $limit")
                .Set("$session_id", sessionId)
                .Set("$after", (long)Math.Min(afterSequence, long.MaxValue))
                .Set("$limit", Math.Max(0, maxCount));
            return select.ReadAll(EventRows.Read);
        }, cancellationToken));

    public async Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken)
    {
        var readDatabase = !_lastSequences.ContainsKey(sessionId);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var appended = _signals.GetOrAdd(sessionId, static _ => new AppendSignal()).Next;
            var known = _lastSequences.TryGetValue(sessionId, out var last) ? last : 0;
            if (known > afterSequence) return;
            if (readDatabase && await LastSequenceTask(sessionId, cancellationToken).ConfigureAwait(false) > afterSequence) return;
            // Woken by an append of this process, the sequence it reported is enough; after a poll, ask the file.
            readDatabase = await Task.WhenAny(appended, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false) != appended;
        }
    }

    // The numbering is MAX(sequence): it goes with the events.
    public async Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await database.WriteAsync((connection, transaction) =>
        {
            connection.Prepared(transaction, "DELETE FROM events WHERE session_id = $session_id").Set("$session_id", sessionId).ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        _lastSequences.TryRemove(sessionId, out _);
        if (_signals.TryRemove(sessionId, out var signal)) signal.Pulse();
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private async Task<ulong> LastSequenceTask(string sessionId, CancellationToken cancellationToken)
    {
        var last = await database.ReadAsync(connection =>
            (ulong)Convert.ToInt64(connection.Prepared(SelectLast).Set("$session_id", sessionId).ExecuteScalar()), cancellationToken).ConfigureAwait(false);
        return last;
    }
}
