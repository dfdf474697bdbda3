using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// One connection that LISTENs on the backend's channels and wakes whoever waits for a key (a partition, a
/// session). A wake-up is only a hint to look again: waiters also poll, so a notification lost while the
/// connection was down delays them by at most the poll interval.
/// </summary>
internal sealed class PostgreSqlNotifications : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<string> _channels;
    private readonly ILogger? _logger;
    private readonly ConcurrentDictionary<(string Channel, string Key), TaskCompletionSource> _waiters = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _listening;

    public PostgreSqlNotifications(NpgsqlDataSource dataSource, IReadOnlyList<string> channels, ILogger? logger)
    {
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

    /// <summary>Waits for <paramref name="notified"/> or <paramref name="atMost"/>, whichever comes first.</summary>
    public static async Task WaitAsync(Task notified, TimeSpan atMost, CancellationToken cancellationToken)
    {
        if (atMost <= TimeSpan.Zero) return;
        try
        {
            await notified.WaitAsync(atMost, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    private void Wake(string channel, string key)
    {
        if (_waiters.TryRemove((channel, key), out var waiter)) waiter.TrySetResult();
    }

    private void WakeEveryone()
    {
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
                connection.Notification += (_, e) => Wake(e.Channel, e.Payload);
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
