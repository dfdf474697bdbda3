using System.Text;
using Grid.Core.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// The consumer behind one dequeue: registered with a prefetch equal to what the dequeue asked for, so the
/// broker pushes at most that many messages (highest priority first), and cancelled before the dequeue returns.
/// Every delivery that reaches it before the broker confirms the cancellation belongs to the dequeue.
/// </summary>
internal sealed class DequeueConsumer(IChannel channel) : AsyncDefaultBasicConsumer(channel)
{
    private readonly Lock _lock = new();
    private readonly List<IQueueMessage> _received = [];
    private readonly TaskCompletionSource _firstDelivery = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first delivery, or when the channel closes or the broker cancels the consumer.</summary>
    public Task FirstDelivery => _firstDelivery.Task;

    /// <summary>Completes when no further delivery can reach this consumer.</summary>
    public Task Cancelled => _cancelled.Task;

    public ShutdownEventArgs? Shutdown { get; private set; }

    public IReadOnlyList<IQueueMessage> Received
    {
        get { lock (_lock) return [.. _received]; }
    }

    public override Task HandleBasicDeliverAsync(string consumerTag, ulong deliveryTag, bool redelivered, string exchange, string routingKey,
        IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        // The body's memory is reused once this returns: decode it now.
        var message = new RabbitMqMessage(Channel, deliveryTag, Encoding.UTF8.GetString(body.Span));
        lock (_lock) _received.Add(message);
        _firstDelivery.TrySetResult();
        return Task.CompletedTask;
    }

    public override Task HandleBasicCancelOkAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        _cancelled.TrySetResult();
        _firstDelivery.TrySetResult();
        return base.HandleBasicCancelOkAsync(consumerTag, cancellationToken);
    }

    public override Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        // Cancelled by the broker (the queue was deleted): nothing more will come.
        _cancelled.TrySetResult();
        _firstDelivery.TrySetResult();
        return base.HandleBasicCancelAsync(consumerTag, cancellationToken);
    }

    protected override Task OnCancelAsync(string[] consumerTags, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task HandleChannelShutdownAsync(object channel, ShutdownEventArgs reason)
    {
        Shutdown = reason;
        _cancelled.TrySetResult();
        _firstDelivery.TrySetResult();
        return base.HandleChannelShutdownAsync(channel, reason);
    }
}
