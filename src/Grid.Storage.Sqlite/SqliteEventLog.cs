using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Sqlite;

/// <summary>
/// Events numbered per session inside the write transaction (last sequence + 1), so the numbering has no
/// gaps. Waiters are woken in-process at once, and poll in case another process writes the same file.
/// </summary>
internal sealed class SqliteEventLog(SqliteDatabase database) : IEventLog, IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private const string SelectLast = "SELECT COALESCE(MAX(sequence), 0) FROM events WHERE session_id = $session_id";

    private readonly AppendSignal _appended = new();

    public async ValueTask AppendAsync(IReadOnlyList<GridEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await database.WriteAsync((connection, transaction) =>
        {
            using var last = connection.Command(transaction, SelectLast);
            using var insert = connection.Command(transaction, EventRows.Insert);
            foreach (var session in events.GroupBy(e => e.SessionId))
            {
                var sequence = Convert.ToInt64(last.Set("$session_id", session.Key).ExecuteScalar());
                foreach (var e in session)
                {
                    EventRows.BindInsert(insert, e, ++sequence);
                    insert.ExecuteNonQuery();
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        _appended.Pulse();
    }

    public ValueTask<ulong> LastSequenceAsync(string sessionId, CancellationToken cancellationToken) =>
        new(LastSequenceTask(sessionId, cancellationToken));

    public ValueTask<IReadOnlyList<GridEvent>> ReadAsync(string sessionId, ulong afterSequence, int maxCount, CancellationToken cancellationToken) =>
        new(database.ReadAsync<IReadOnlyList<GridEvent>>((connection, transaction) =>
        {
            using var select = connection.Command(transaction,
                    $"SELECT {EventRows.Columns} FROM events WHERE session_id = $session_id AND sequence > $after ORDER BY sequence LIMIT $limit")
                .Set("$session_id", sessionId)
                .Set("$after", (long)Math.Min(afterSequence, long.MaxValue))
                .Set("$limit", Math.Max(0, maxCount));
            return select.ReadAll(EventRows.Read);
        }, cancellationToken));

    public async Task WaitForEventsAsync(string sessionId, ulong afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var appended = _appended.Next;
            if (await LastSequenceTask(sessionId, cancellationToken).ConfigureAwait(false) > afterSequence) return;
            await Task.WhenAny(appended, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
        }
    }

    // The numbering is MAX(sequence): it goes with the events.
    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
        {
            using var delete = connection.Command(transaction, "DELETE FROM events WHERE session_id = $session_id");
            delete.Set("$session_id", sessionId).ExecuteNonQuery();
        }, cancellationToken);

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private Task<ulong> LastSequenceTask(string sessionId, CancellationToken cancellationToken) => database.ReadAsync((connection, transaction) =>
    {
        using var last = connection.Command(transaction, SelectLast).Set("$session_id", sessionId);
        return (ulong)Convert.ToInt64(last.ExecuteScalar());
    }, cancellationToken);
}
