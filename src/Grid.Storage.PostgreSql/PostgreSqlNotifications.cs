using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// One connection that LISTENs on the backend's channels and wakes whoever waits for a key (a partition, a
/// session). A wake-up is only a hint to look again: waiters also poll, so a notification lost while the
/// connection was down delays them by at most the poll interval.
/// </summary>
/// <remarks>
/// A notification on the sequenced channel carries a sequence number as "sequence:key" (the events channel: the session's last event
/// sequence, see <see cref="Sql.RecordedEvents"/>). The highest one heard per key is kept, so that a waiter can tell
/// that events are there without asking the server. It is only ever a lower bound: forgotten when the connection
/// drops (notifications may have been lost meanwhile) and when too many keys are kept; a waiter that finds no
/// value asks the server. A sequence of 0 says that the key's log was deleted: what was known of it is forgotten.
/// </remarks>
internal sealed class PostgreSqlNotifications : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<string> _channels;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<(string Channel, string Key), TaskCompletionSource> _waiters = new();
    private readonly ConcurrentDictionary<(string Channel, string Key), ulong> _lastSequences = new();
    private const int MaxKeptSequences = 100_000;
    private readonly string _sequencedChannel;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _listening;

    /// <param name="sequencedChannel">The channel whose payloads are "sequence:key"; on the others the payload is the key.</param>
    public PostgreSqlNotifications(NpgsqlDataSource dataSource, IReadOnlyList<string> channels, string sequencedChannel, ILogger? logger)
    {
        _sequencedChannel = sequencedChannel;
        _dataSource = dataSource;
        _channels = channels;
        _logger = logger;
        _listening = Task.Run(ListenAsync);
    }

    /// <summary>
    /// A task that completes at the next notification for <paramref name="key"/> on <paramref name="channel"/>.
    /// Take it before looking at the table, so that a notification sent in between is not missed.
    /// </summary>
    public Task NextAsync(string channel, string key) =>
        _waiters.GetOrAdd((channel, key), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The highest sequence heard for <paramref name="key"/> since the connection last (re)started; null when unknown.</summary>
    public ulong? LastSequence(string channel, string key) => _lastSequences.TryGetValue((channel, key), out var sequence) ? sequence : null;

    /// <summary>Keeps <paramref name="sequence"/> as known for <paramref name="key"/> (read from the server, for example).</summary>
    public void Remember(string channel, string key, ulong sequence)
    {
        if (_lastSequences.Count >= MaxKeptSequences) _lastSequences.Clear();
        _lastSequences.AddOrUpdate((channel, key), sequence, (_, known) => Math.Max(known, sequence));
    }

    public void Forget(string channel, string key) => _lastSequences.TryRemove((channel, key), out _);

    /// <summary>The key and the sequence of a payload "sequence:key"; the whole payload and null for any other.</summary>
    public static (string Key, ulong? Sequence) Parse(string payload)
    {
        var colon = payload.IndexOf(':');
        return colon > 0 && ulong.TryParse(payload.AsSpan(0, colon), System.Globalization.NumberStyles.None, null, out var sequence)
            ? (payload[(colon + 1)..], sequence)
            : (payload, null);
    }

    /// <summary>Waits for <paramref name="notified"/> or <paramref name="atMost"/>, whichever comes first.</summary>
    /// <returns>True when notified, false when the time ran out.</returns>
    public static async Task<bool> WaitAsync(Task notified, TimeSpan atMost, CancellationToken cancellationToken)
    {
        if (atMost <= TimeSpan.Zero) return false;
        try
        {
            await notified.WaitAsync(atMost, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void Notified(string channel, string payload)
    {
        var (key, sequence) = channel == _sequencedChannel ? Parse(payload) : (payload, null);
        // Known before the waiter wakes, so that it finds the value when it looks. Sequence 0: the log was deleted
        // (its numbering starts again), so what was known no longer holds.
        if (sequence is 0) Forget(channel, key);
        else if (sequence is { } known) Remember(channel, key, known);
        Wake(channel, key);
    }

    private void Wake(string channel, string key)
    {
        if (_waiters.TryRemove((channel, key), out var waiter)) waiter.TrySetResult();
    }

    private void WakeEveryone()
    {
        // Whatever was notified while the connection was down is lost: what is kept may be behind.
        _lastSequences.Clear();
        foreach (var key in _waiters.Keys) Wake(key.Channel, key.Key);
    }

    private async Task ListenAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += (_, e) => Notified(e.Channel, e.Payload);
                foreach (var channel in _channels)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", connection);
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }
                // Whatever was notified before LISTEN took effect is lost: let every waiter look again.
                WakeEveryone();
                while (true)
                {
                    if (await connection.WaitAsync(TimeSpan.FromSeconds(30), stopping).ConfigureAwait(false)) continue;
                    // Quiet for a while: make sure the connection is still alive.
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger?.LogWarning(e, "PostgreSQL notification listener lost its connection; waiters fall back to polling until it reconnects");
                WakeEveryone();
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _listening.ConfigureAwait(false);
        _stopping.Dispose();
    }
}
