using System.Text;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// The one long-lived consumer of a partition's queue in this process, on a channel of its own. The broker
/// pushes up to the prefetch unacknowledged messages (highest priority first) into a local buffer that
/// dequeues read from, so a dequeue costs no round trip while messages flow. Messages still in the buffer
/// when the channel closes go back to the queue with it.
/// </summary>
internal sealed class PartitionConsumer : AsyncDefaultBasicConsumer
{
    private readonly Channel<RabbitMqMessage> _deliveries = System.Threading.Channels.Channel.CreateUnbounded<RabbitMqMessage>(new UnboundedChannelOptions { SingleWriter = true });

    private PartitionConsumer(IChannel channel) : base(channel)
    {
    }

    public static async Task<PartitionConsumer> StartAsync(IConnection connection, string queue, ushort prefetch, CancellationToken cancellationToken)
    {
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
            var consumer = new PartitionConsumer(channel);
            await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken).ConfigureAwait(false);
            return consumer;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Set once the channel shut down. Automatic recovery reopens the channel afterwards (IsOpen is true again) but
    // not this consumer (see RabbitMqBackend), and the delivery tags of what is still buffered died with it.
    private volatile bool _ended;

    /// <summary>False once the broker or the connection ended this consumer: a new one, on a new channel, must take over.</summary>
    public bool IsActive => !_ended && Channel.IsOpen;

    public ShutdownEventArgs? Shutdown { get; private set; }

    /// <summary>Up to <paramref name="maxCount"/> buffered messages, waiting at most <paramref name="wait"/> for the first.</summary>
    public async Task<IReadOnlyList<RabbitMqMessage>> TakeAsync(int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!_deliveries.Reader.TryPeek(out _))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                await _deliveries.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return []; // nothing within the wait
            }
        }
        var taken = new List<RabbitMqMessage>(Math.Min(maxCount, 64));
        while (taken.Count < maxCount && _deliveries.Reader.TryRead(out var message))
            if (!_ended) taken.Add(message); // once the channel shut down, the broker has put it back already
        return taken;
    }

    public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey,
        IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        // The body's memory is reused once this returns: decode it now.
        _deliveries.Writer.TryWrite(new RabbitMqMessage(Channel, deliveryTag, Encoding.UTF8.GetString(body.Span)));
        return Task.CompletedTask;
    }

    public override Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        // Cancelled by the broker (the queue was deleted): nothing more will come.
        _ended = true;
        _deliveries.Writer.TryComplete();
        return base.HandleBasicCancelAsync(consumerTag, cancellationToken);
    }

    public override Task HandleChannelShutdownAsync(object channel, ShutdownEventArgs reason)
    {
        Shutdown = reason;
        _ended = true;
        _deliveries.Writer.TryComplete();
        return base.HandleChannelShutdownAsync(channel, reason);
    }

    protected override Task OnCancelAsync(string[] consumerTags, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async ValueTask StopAsync()
    {
        _ended = true;
        _deliveries.Writer.TryComplete();
        try
        {
            await Channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already closed with its connection.
        }
    }
}
