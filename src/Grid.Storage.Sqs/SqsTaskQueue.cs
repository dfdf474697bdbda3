using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Sqs;

/// <summary>
/// The task queue on SQS. SQS has no priorities, so each partition has one queue per priority in use
/// (<c>grid-{partition}-p{0..9}</c>) and a dequeue takes from the highest priority queue that has messages.
/// A received message stays hidden for the visibility timeout; not acknowledged by then, it comes back.
/// </summary>
public sealed class SqsTaskQueue : ITaskQueue, IAsyncDisposable, IDisposable
{
    private const int MaxPriority = 9;
    private const int SqsBatchSize = 10;
    // Batches to one queue go out one after another, which keeps their order (as far as SQS keeps any);
    // an enqueue bigger than this sends up to BatchesInParallel batches at once and gives that order up.
    private const int OrderedUpTo = 100;
    private const int BatchesInParallel = 8;
    private const int LongestPollSeconds = 5;
    private static readonly TimeSpan RelistWhenIdle = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RelistWhenBusy = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IAmazonSQS _client;
    private readonly SqsQueueNames _names;
    private readonly int _visibilitySeconds;
    private readonly DeleteBatcher _deletes;
    private readonly ConcurrentDictionary<string, PartitionQueueSet> _partitions = new();

    internal SqsTaskQueue(IAmazonSQS client, SqsQueueOptions options)
    {
        _client = client;
        _names = new SqsQueueNames(options.QueuePrefix);
        _visibilitySeconds = (int)Math.Ceiling(options.VisibilityTimeout.TotalSeconds);
        _deletes = new DeleteBatcher(client);
    }

    public async ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var byQueue = items.GroupBy(i => (i.PartitionId, Priority: Math.Clamp(i.Priority, 0, MaxPriority)));
        await Task.WhenAll(byQueue.Select(g => SendAsync(g.Key.PartitionId, g.Key.Priority, g.Select(i => i.TaskId).ToList(), cancellationToken))).ConfigureAwait(false);
    }

    private async Task SendAsync(string partitionId, int priority, List<string> taskIds, CancellationToken cancellationToken)
    {
        var url = await SetOf(partitionId).UrlOfAsync(priority, cancellationToken).ConfigureAwait(false);
        var batches = taskIds.Chunk(SqsBatchSize);
        if (taskIds.Count <= OrderedUpTo)
        {
            foreach (var batch in batches) await SendBatchAsync(url, batch, cancellationToken).ConfigureAwait(false);
            return;
        }
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BatchesInParallel, CancellationToken = cancellationToken },
            async (batch, ct) => await SendBatchAsync(url, batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task SendBatchAsync(string url, string[] taskIds, CancellationToken cancellationToken)
    {
        var response = await _client.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = url,
            Entries = taskIds.Select((id, i) => new SendMessageBatchRequestEntry { Id = i.ToString(), MessageBody = id }).ToList(),
        }, cancellationToken).ConfigureAwait(false);
        if (response.Failed is { Count: > 0 } failed)
            throw new InvalidOperationException(
                $"SQS: {failed.Count} of {taskIds.Length} messages were not sent to '{url}'; first: task '{taskIds[int.Parse(failed[0].Id)]}': {failed[0].Code}: {failed[0].Message}");
    }

    public async ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var set = SetOf(partitionId);
        var deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        var foundNothing = false;
        while (true)
        {
            var queueAdded = set.Changed;
            var queues = await set.QueuesAsync(foundNothing ? RelistWhenIdle : RelistWhenBusy, cancellationToken).ConfigureAwait(false);
            var taken = await SweepAsync(queues, maxCount, cancellationToken).ConfigureAwait(false);
            if (taken.Count > 0) return taken;
            foundNothing = true;

            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero) return [];
            // Capped so that a queue of a new priority, created meanwhile, is not ignored for long.
            var pollSeconds = (int)Math.Min(Math.Floor(remaining.TotalSeconds), queues.Count == 1 ? LongestPollSeconds : 1);
            if (queues.Count == 0 || pollSeconds < 1)
            {
                var pause = queues.Count == 0 ? RelistWhenIdle : ShortPollInterval;
                await Task.WhenAny(Task.Delay(remaining < pause ? remaining : pause, cancellationToken), queueAdded).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                continue;
            }
            taken = await LongPollAsync(queues, maxCount, pollSeconds, cancellationToken).ConfigureAwait(false);
            if (taken.Count > 0) return taken;
        }
    }

    /// <summary>Short receives, highest priority first, until <paramref name="maxCount"/> messages or every queue answered short.</summary>
    private async Task<List<IQueueMessage>> SweepAsync(IReadOnlyList<(int Priority, string Url)> queues, int maxCount, CancellationToken cancellationToken)
    {
        var taken = new List<IQueueMessage>();
        foreach (var queue in queues)
        {
            while (taken.Count < maxCount)
            {
                var wanted = Math.Min(SqsBatchSize, maxCount - taken.Count);
                var received = await ReceiveAsync(queue, wanted, waitSeconds: 0, cancellationToken).ConfigureAwait(false);
                taken.AddRange(received);
                if (received.Count < wanted) break;
            }
            if (taken.Count >= maxCount) break;
        }
        return taken;
    }

    /// <summary>
    /// Waits on every queue at once (a receive cannot wait on several queues), keeps the highest priorities
    /// and gives the rest back at once.
    /// </summary>
    private async Task<List<IQueueMessage>> LongPollAsync(IReadOnlyList<(int Priority, string Url)> queues, int maxCount, int waitSeconds, CancellationToken cancellationToken)
    {
        var wanted = Math.Min(SqsBatchSize, maxCount);
        var received = await Task.WhenAll(queues.Select(q => ReceiveAsync(q, wanted, waitSeconds, cancellationToken))).ConfigureAwait(false);
        var all = received.SelectMany(r => r).ToList(); // queues are in priority order, highest first
        if (all.Count > maxCount) await ReleaseAsync(all.Skip(maxCount)).ConfigureAwait(false);
        return all.Take(maxCount).Cast<IQueueMessage>().ToList();
    }

    private async Task<List<SqsMessage>> ReceiveAsync((int Priority, string Url) queue, int maxCount, int waitSeconds, CancellationToken cancellationToken)
    {
        var response = await _client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queue.Url,
            MaxNumberOfMessages = maxCount,
            WaitTimeSeconds = waitSeconds,
            VisibilityTimeout = _visibilitySeconds,
        }, cancellationToken).ConfigureAwait(false);
        return (response.Messages ?? []).Select(m => new SqsMessage(_client, _deletes, queue.Url, m.ReceiptHandle, m.Body, queue.Priority)).ToList();
    }

    private async Task ReleaseAsync(IEnumerable<SqsMessage> messages)
    {
        foreach (var batch in messages.GroupBy(m => m.QueueUrl).SelectMany(g => g.Chunk(SqsBatchSize)))
        {
            await _client.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = batch[0].QueueUrl,
                Entries = batch.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry { Id = i.ToString(), ReceiptHandle = m.ReceiptHandle, VisibilityTimeout = 0 }).ToList(),
            }).ConfigureAwait(false);
        }
    }

    private PartitionQueueSet SetOf(string partitionId) =>
        _partitions.GetOrAdd(partitionId, p => new PartitionQueueSet(_client, _names.PartitionPrefixOf(p)));

    public async ValueTask DisposeAsync()
    {
        await _deletes.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
