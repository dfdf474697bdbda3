using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// Channels kept for reuse, so that a publish does not pay for opening a channel.
/// A channel is used by one caller at a time; a closed one (with its connection, say) is dropped instead of returned.
/// </summary>
internal sealed class ChannelPool(WatchedConnection connection, CreateChannelOptions channelOptions) : IAsyncDisposable
{
    private readonly ConcurrentBag<PooledChannel> _idle = [];
    private readonly ConcurrentDictionary<PooledChannel, byte> _all = new();

    public async ValueTask<PooledChannel> RentAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.Channel.IsOpen) return pooled;
            await DiscardAsync(pooled).ConfigureAwait(false);
        }
        var channel = await connection.Current.CreateChannelAsync(channelOptions, cancellationToken).ConfigureAwait(false);
        var created = new PooledChannel(channel);
        _all[created] = 0;
        return created;
    }

    public async ValueTask ReturnAsync(PooledChannel pooled)
    {
        if (pooled.Channel.IsOpen) _idle.Add(pooled);
        else await DiscardAsync(pooled).ConfigureAwait(false);
    }

    /// <summary>Closes the channel: the broker puts back every message still unacknowledged on it.</summary>
    public async ValueTask DiscardAsync(PooledChannel pooled)
    {
        _all.TryRemove(pooled, out _);
        try
        {
            await pooled.Channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closed with its connection: nothing left to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pooled in _all.Keys) await DiscardAsync(pooled).ConfigureAwait(false);
        _idle.Clear();
    }
}

/// <summary>A channel of a pool.</summary>
internal sealed class PooledChannel(IChannel channel)
{
    public IChannel Channel { get; } = channel;
}
