using System.Collections.Concurrent;

namespace Grid.Core.Storage.InMemory;

/// <summary>Queues in process memory, one per partition, with ten priority levels (0 to 9).</summary>
public sealed class InMemoryTaskQueue : ITaskQueue
{
    private const int PriorityLevels = 10;
    private readonly ConcurrentDictionary<string, PartitionQueue> _partitions = new();

    public ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken)
    {
        foreach (var group in items.GroupBy(i => i.PartitionId))
            PartitionOf(group.Key).Enqueue(group);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(partitionId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        while (true)
        {
            var taken = partition.TryTake(maxCount, out var signal);
            if (taken.Count > 0) return taken;
            try
            {
                await signal.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [];
            }
        }
    }

    private PartitionQueue PartitionOf(string partitionId) => _partitions.GetOrAdd(partitionId, _ => new PartitionQueue());

    private sealed class PartitionQueue
    {
        private readonly Queue<string>[] _byPriority = Enumerable.Range(0, PriorityLevels).Select(_ => new Queue<string>()).ToArray();
        private readonly Lock _lock = new();
        private TaskCompletionSource _itemsAdded = NewSignal();

        public void Enqueue(IEnumerable<QueueItem> items)
        {
            TaskCompletionSource signal;
            lock (_lock)
            {
                foreach (var item in items)
                    _byPriority[Math.Clamp(item.Priority, 0, PriorityLevels - 1)].Enqueue(item.TaskId);
                signal = _itemsAdded;
                _itemsAdded = NewSignal();
            }
            signal.TrySetResult();
        }

        public List<IQueueMessage> TryTake(int maxCount, out Task itemsAdded)
        {
            var taken = new List<IQueueMessage>();
            lock (_lock)
            {
                for (var priority = PriorityLevels - 1; priority >= 0 && taken.Count < maxCount; priority--)
                {
                    var queue = _byPriority[priority];
                    while (taken.Count < maxCount && queue.TryDequeue(out var taskId))
                        taken.Add(new Message(this, taskId, priority));
                }
                itemsAdded = _itemsAdded.Task;
            }
            return taken;
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        private sealed class Message(PartitionQueue queue, string taskId, int priority) : IQueueMessage
        {
            public string TaskId => taskId;

            public ValueTask AcknowledgeAsync() => ValueTask.CompletedTask;

            public ValueTask ReleaseAsync()
            {
                queue.Enqueue([new QueueItem(taskId, "", priority)]);
                return ValueTask.CompletedTask;
            }
        }
    }
}
