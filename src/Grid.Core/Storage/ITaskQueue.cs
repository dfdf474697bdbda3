namespace Grid.Core.Storage;

/// <summary>A hint that a task may be ready to run. The task table has the last word.</summary>
public readonly record struct QueueItem(string TaskId, string PartitionId, int Priority);

public interface IQueueMessage
{
    string TaskId { get; }

    /// <summary>The message was handled: it is not delivered again.</summary>
    ValueTask AcknowledgeAsync();

    /// <summary>The message is given back to the queue for another consumer.</summary>
    ValueTask ReleaseAsync();
}

/// <summary>One queue per partition; higher priorities are delivered first.</summary>
public interface ITaskQueue
{
    ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> messages, waiting at most <paramref name="wait"/> for the first.</summary>
    ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken);
}
