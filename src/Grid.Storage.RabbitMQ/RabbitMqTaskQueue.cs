using System.Text;
using Grid.Core.Storage;
using RabbitMQ.Client;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// The task queue on RabbitMQ: a durable priority queue per partition, persistent messages confirmed by the
/// broker, manual acknowledgements. A message taken but not acknowledged goes back to the queue when the
/// channel that took it closes (for example when this process dies).
/// </summary>
public sealed class RabbitMqTaskQueue : ITaskQueue, IAsyncDisposable, IDisposable
{
    // Publishes are written in the order they are started; confirms are awaited per chunk to bound memory.
    private const int PublishChunk = 1000;

    private readonly IConnection _connection;
    private readonly RabbitMqQueueOptions _options;
    private readonly PartitionQueues _queues;
    private readonly ChannelPool _publishers;
    private readonly ChannelPool _consumers;

    internal RabbitMqTaskQueue(IConnection connection, RabbitMqQueueOptions options)
    {
        _connection = connection;
        _options = options;
        _queues = new PartitionQueues(connection, options.QueuePrefix);
        _publishers = new ChannelPool(connection, new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
        _consumers = new ChannelPool(connection, new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false));
    }

    public async ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await Task.WhenAll(items.GroupBy(i => i.PartitionId).Select(g => PublishAsync(g.Key, g.ToList(), cancellationToken))).ConfigureAwait(false);
    }

    private async Task PublishAsync(string partitionId, List<QueueItem> items, CancellationToken cancellationToken)
    {
        var queue = await _queues.EnsureDeclaredAsync(partitionId, cancellationToken).ConfigureAwait(false);
        var publisher = await _publishers.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var chunk in items.Chunk(PublishChunk))
            {
                // Start every publish of the chunk, then wait for the broker's confirms of all of them.
                var confirms = new List<ValueTask>(chunk.Length);
                foreach (var item in chunk)
                {
                    var properties = new BasicProperties
                    {
                        Persistent = true,
                        Priority = (byte)Math.Clamp(item.Priority, 0, PartitionQueues.MaxPriority),
                    };
                    confirms.Add(publisher.Channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(item.TaskId), cancellationToken));
                }
                foreach (var confirm in confirms) await confirm.ConfigureAwait(false);
            }
        }
        finally
        {
            await _publishers.ReturnAsync(publisher).ConfigureAwait(false);
        }
    }

    public async ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var queue = await _queues.EnsureDeclaredAsync(partitionId, cancellationToken).ConfigureAwait(false);
        var prefetch = (ushort)Math.Min(maxCount, _options.Prefetch);
        var pooled = await _consumers.RentAsync(cancellationToken).ConfigureAwait(false);
        var channel = pooled.Channel;
        var consumer = new DequeueConsumer(channel);
        try
        {
            if (pooled.Prefetch != prefetch)
            {
                // Per consumer (global: false): applies to the consumers registered from now on.
                await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
                pooled.Prefetch = prefetch;
            }
            var consumerTag = await channel.BasicConsumeAsync(queue, autoAck: false, consumerTag: "", noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken).ConfigureAwait(false);

            await WaitForFirstAsync(consumer, wait, cancellationToken).ConfigureAwait(false);
            // The broker has pushed what it had, up to the prefetch, highest priority first. Cancel now; the
            // cancel-ok comes after every delivery already sent to this consumer.
            if (!consumer.Cancelled.IsCompleted)
                await channel.BasicCancelAsync(consumerTag, noWait: false, CancellationToken.None).ConfigureAwait(false);
            await consumer.Cancelled.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);

            if (consumer.Shutdown is { } shutdown)
                throw new InvalidOperationException($"RabbitMQ: channel closed while dequeuing from '{queue}': {shutdown.ReplyText} ({shutdown.ReplyCode}).");
            if (cancellationToken.IsCancellationRequested)
            {
                foreach (var message in consumer.Received) await message.ReleaseAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception)
        {
            // Closing the channel puts back whatever it still holds unacknowledged, received now or earlier.
            await _consumers.DiscardAsync(pooled).ConfigureAwait(false);
            throw;
        }
        await _consumers.ReturnAsync(pooled).ConfigureAwait(false);
        return consumer.Received;
    }

    private static async Task WaitForFirstAsync(DequeueConsumer consumer, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await consumer.FirstDelivery.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Still cancel the consumer and give back what it got; the caller sees the cancellation after that.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _consumers.DisposeAsync().ConfigureAwait(false);
        await _publishers.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _connection.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Closed already (the broker went away and recovery was still trying).
        }
        _connection.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
