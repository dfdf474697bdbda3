using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// The queue's connection, watched: when it stays closed for <see cref="RabbitMqQueueOptions.ReconnectAfter"/>
/// because RabbitMQ.Client's automatic recovery has not brought it back (it gave up, never started, or is stuck),
/// the watchdog disposes it and opens a new one. Channels and consumers of the old connection see themselves
/// closed and are opened again on <see cref="Current"/> by their users.
/// </summary>
internal sealed class WatchedConnection : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250), RetryDelay = TimeSpan.FromSeconds(2);

    private readonly ConnectionFactory _factory;
    private readonly TimeSpan _reconnectAfter;
    private readonly string _broker;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _watchdog;
    private volatile IConnection _current;
    // Ticks of DateTime.UtcNow when the current connection was seen closed; 0 while it is open.
    private long _closedSince;

    private WatchedConnection(IConnection connection, ConnectionFactory factory, TimeSpan reconnectAfter, string broker, ILogger logger)
    {
        _current = connection;
        _factory = factory;
        _reconnectAfter = reconnectAfter;
        _broker = broker;
        _logger = logger;
        _watchdog = Task.Run(() => WatchAsync(_stopping.Token));
    }

    public static async Task<WatchedConnection> OpenAsync(ConnectionFactory factory, TimeSpan reconnectAfter, string broker, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new WatchedConnection(connection, factory, reconnectAfter, broker, logger);
    }

    public IConnection Current => _current;

    /// <summary>The current connection once it is open, or null if it is still closed after <paramref name="wait"/>.</summary>
    public async Task<IConnection?> WhenOpenAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var connection = _current;
            if (connection.IsOpen) return connection;
            if (DateTime.UtcNow >= deadline) return null;
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The connection's state, for errors: whether it is open and, if not, since when and why.</summary>
    public string State
    {
        get
        {
            var connection = _current;
            if (connection.IsOpen) return $"the connection to {_broker} is open";
            var since = Interlocked.Read(ref _closedSince);
            var downtime = since == 0 ? "" : $" for {(DateTime.UtcNow - new DateTime(since, DateTimeKind.Utc)).TotalSeconds:F1} s";
            var recovery = _factory.AutomaticRecoveryEnabled ? "automatic recovery has not brought it back" : "automatic recovery is off";
            return $"the connection to {_broker} is closed{downtime} ({connection.CloseReason?.ReplyText ?? "no reason given"}; {recovery}; " +
                   $"a new connection is opened after {nameof(RabbitMqQueueOptions)}.{nameof(RabbitMqQueueOptions.ReconnectAfter)} = {_reconnectAfter.TotalSeconds:F0} s)";
        }
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(Poll, stopping).ConfigureAwait(false);
                var connection = _current;
                var since = Interlocked.Read(ref _closedSince);
                if (connection.IsOpen)
                {
                    if (since != 0)
                    {
                        Interlocked.Exchange(ref _closedSince, 0);
                        RabbitMqLog.ConnectionRecovered(_logger, _broker, DateTime.UtcNow - new DateTime(since, DateTimeKind.Utc));
                    }
                    continue;
                }
                if (since == 0)
                {
                    Interlocked.Exchange(ref _closedSince, DateTime.UtcNow.Ticks);
                    RabbitMqLog.ConnectionLost(_logger, _broker, connection.CloseReason?.ReplyText ?? "no reason given", _reconnectAfter);
                    continue;
                }
                var downtime = DateTime.UtcNow - new DateTime(since, DateTimeKind.Utc);
                if (downtime < _reconnectAfter) continue;
                await ReplaceAsync(connection, downtime, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task ReplaceAsync(IConnection closed, TimeSpan downtime, CancellationToken stopping)
    {
        IConnection fresh;
        try
        {
            fresh = await _factory.CreateConnectionAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            RabbitMqLog.ReconnectFailed(_logger, _broker, downtime, e.Message, RetryDelay);
            await Task.Delay(RetryDelay, stopping).ConfigureAwait(false);
            return;
        }
        _current = fresh;
        Interlocked.Exchange(ref _closedSince, 0);
        RabbitMqLog.ConnectionReplaced(_logger, _broker, _reconnectAfter, downtime);
        // Disposing also stops the old connection's automatic recovery, which would otherwise go on in the background.
        await DisposeQuietlyAsync(closed).ConfigureAwait(false);
    }

    private static async Task DisposeQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Closed already (the broker went away).
        }
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Nothing left to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watchdog.ConfigureAwait(false);
        _stopping.Dispose();
        await DisposeQuietlyAsync(_current).ConfigureAwait(false);
    }
}
