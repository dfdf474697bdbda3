using System.Collections.Concurrent;
using System.Text;
using Grid.Core.Storage;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Grid.Storage.RabbitMQ;

/// <summary>
/// The task queue on RabbitMQ: a durable priority queue per partition, persistent messages confirmed by the
/// broker, manual acknowledgements, and one long-lived consumer per partition holding at most
/// <see cref="RabbitMqQueueOptions.Prefetch"/> messages not yet acknowledged. A message taken but not
/// acknowledged goes back to the queue when the channel that took it closes (for example when this process dies).
/// A lost connection is waited for up to <see cref="RabbitMqQueueOptions.RecoveryWait"/>, and replaced when it
/// stays lost (<see cref="WatchedConnection"/>).
/// </summary>
public sealed class RabbitMqTaskQueue : ITaskQueue, IAsyncDisposable, IDisposable
{
    // Publishes are written in the order they are started; confirms are awaited per chunk to bound memory.
    private const int PublishChunk = 1000;
    private static readonly TimeSpan RecoveryPoll = TimeSpan.FromMilliseconds(250);

    private readonly WatchedConnection _connection;
    private readonly RabbitMqQueueOptions _options;
    private readonly PartitionQueues _queues;
    private readonly ChannelPool _publishers;
    private readonly ConcurrentDictionary<string, PartitionConsumer> _partitionConsumers = new();
    private readonly SemaphoreSlim _startingConsumer = new(1, 1);

    internal RabbitMqTaskQueue(WatchedConnection connection, RabbitMqQueueOptions options)
    {
        _connection = connection;
        _options = options;
        _queues = new PartitionQueues(connection, options.QueuePrefix);
        _publishers = new ChannelPool(connection, new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
    }

    public async ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await Task.WhenAll(items.GroupBy(i => i.PartitionId).Select(g => PublishAsync(g.Key, g.ToList(), cancellationToken))).ConfigureAwait(false);
    }

    private async Task PublishAsync(string partitionId, List<QueueItem> items, CancellationToken cancellationToken)
    {
        foreach (var chunk in items.Chunk(PublishChunk))
        {
            var lostSince = (DateTime?)null;
            while (true)
            {
                try
                {
                    var queue = await _queues.EnsureDeclaredAsync(partitionId, cancellationToken).ConfigureAwait(false);
                    await PublishChunkAsync(queue, chunk, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (IsConnectionLoss(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The broker went away under this chunk: wait for the connection to come back, then publish the whole
                    // chunk again (a message published twice is harmless: the task table refuses a second acquisition).
                    lostSince ??= DateTime.UtcNow;
                    await Task.Delay(RecoveryPoll, cancellationToken).ConfigureAwait(false);
                    var left = _options.RecoveryWait - (DateTime.UtcNow - lostSince.Value);
                    if (left <= TimeSpan.Zero || await _connection.WhenOpenAsync(left, cancellationToken).ConfigureAwait(false) is null)
                        throw new IOException($"RabbitMQ: could not publish to queue '{_queues.NameOf(partitionId)}' within {RecoveryWaitSetting}: {_connection.State}. Last error: {e.Message}", e);
                }
            }
        }
    }

    private string RecoveryWaitSetting => $"{nameof(RabbitMqQueueOptions)}.{nameof(RabbitMqQueueOptions.RecoveryWait)} = {_options.RecoveryWait.TotalSeconds:0.#} s";

    private async Task PublishChunkAsync(string queue, QueueItem[] chunk, CancellationToken cancellationToken)
    {
        var publisher = await _publishers.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Start every publish of the chunk, then wait for the broker's confirms of all of them.
            var confirms = new List<Task>(chunk.Length);
            foreach (var item in chunk)
            {
                var properties = new BasicProperties
                {
                    Persistent = true,
                    Priority = (byte)Math.Clamp(item.Priority, 0, PartitionQueues.MaxPriority),
                };
                confirms.Add(publisher.Channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(item.TaskId), cancellationToken).AsTask());
            }
            await Task.WhenAll(confirms).ConfigureAwait(false);
        }
        finally
        {
            await _publishers.ReturnAsync(publisher).ConfigureAwait(false);
        }
    }

    /// <summary>The connection or the channel closed under the operation (the broker restarted or is out of reach), not a refusal.</summary>
    private static bool IsConnectionLoss(Exception e) =>
        e is AlreadyClosedException or BrokerUnreachableException or IOException or System.Net.Sockets.SocketException;

    public async ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var consumer = await ConsumerOfAsync(partitionId, cancellationToken).ConfigureAwait(false);
        return await consumer.TakeAsync(maxCount, wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The partition's consumer, started at the first dequeue and again whenever its channel closed.</summary>
    private async Task<PartitionConsumer> ConsumerOfAsync(string partitionId, CancellationToken cancellationToken)
    {
        if (_partitionConsumers.TryGetValue(partitionId, out var consumer) && consumer.IsActive) return consumer;
        await _startingConsumer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_partitionConsumers.TryGetValue(partitionId, out consumer))
            {
                if (consumer.IsActive) return consumer;
                await consumer.StopAsync().ConfigureAwait(false);
            }
            var connection = await _connection.WhenOpenAsync(_options.RecoveryWait, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"RabbitMQ: cannot consume from queue '{_queues.NameOf(partitionId)}' within {RecoveryWaitSetting}: {_connection.State}.");
            var queue = await _queues.EnsureDeclaredAsync(partitionId, cancellationToken).ConfigureAwait(false);
            consumer = await PartitionConsumer.StartAsync(connection, queue, _options.Prefetch, cancellationToken).ConfigureAwait(false);
            _partitionConsumers[partitionId] = consumer;
            return consumer;
        }
        finally
        {
            _startingConsumer.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var consumer in _partitionConsumers.Values) await consumer.StopAsync().ConfigureAwait(false);
        await _publishers.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
