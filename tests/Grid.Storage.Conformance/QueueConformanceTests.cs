using Grid.Core.Storage;

namespace Grid.Storage.Conformance;

/// <summary>What every task queue must do. Each test uses partitions of its own.</summary>
public abstract class QueueConformanceTests
{
    protected abstract Task<ITaskQueue> QueueAsync();

    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Messages_come_back_in_order_within_a_priority()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        var ids = Enumerable.Range(0, 30).Select(i => $"task-{i}").ToList();
        await queue.EnqueueAsync(ids.Select(id => new QueueItem(id, partition, 1)).ToList(), None);
        var received = await DrainAsync(queue, partition, 30);
        Assert.Equal(ids, received.Select(m => m.TaskId));
    }

    [Fact]
    public async Task Higher_priorities_are_delivered_first()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        await queue.EnqueueAsync([new QueueItem("low", partition, 0), new QueueItem("mid", partition, 5), new QueueItem("high", partition, 9), new QueueItem("mid2", partition, 5)], None);
        var received = await DrainAsync(queue, partition, 4);
        Assert.Equal(["high", "mid", "mid2", "low"], received.Select(m => m.TaskId));
    }

    [Fact]
    public async Task Partitions_are_separate_queues()
    {
        var queue = await QueueAsync();
        var (a, b) = (Records.NewId("part"), Records.NewId("part"));
        await queue.EnqueueAsync([new QueueItem("for-a", a, 1), new QueueItem("for-b", b, 1)], None);
        Assert.Equal(["for-b"], (await DrainAsync(queue, b, 1)).Select(m => m.TaskId));
        Assert.Equal(["for-a"], (await DrainAsync(queue, a, 1)).Select(m => m.TaskId));
    }

    [Fact]
    public async Task A_dequeue_takes_at_most_the_number_asked_for()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        await queue.EnqueueAsync(Enumerable.Range(0, 10).Select(i => new QueueItem($"t{i}", partition, 1)).ToList(), None);
        var first = await queue.DequeueAsync(partition, 3, Wait, None);
        Assert.InRange(first.Count, 1, 3);
        foreach (var m in first) await m.AcknowledgeAsync();
        var rest = await DrainAsync(queue, partition, 10 - first.Count);
        Assert.Equal(10, first.Count + rest.Count);
    }

    [Fact]
    public async Task An_empty_queue_answers_empty_after_the_wait()
    {
        var queue = await QueueAsync();
        var received = await queue.DequeueAsync(Records.NewId("part"), 10, TimeSpan.FromMilliseconds(300), None);
        Assert.Empty(received);
    }

    [Fact]
    public async Task A_waiting_dequeue_gets_a_message_enqueued_after_it_started()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        var dequeue = queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(20), None).AsTask();
        await queue.EnqueueAsync([new QueueItem("late", partition, 1)], None);
        var received = await dequeue.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["late"], received.Select(m => m.TaskId));
        await received[0].AcknowledgeAsync();
    }

    [Fact]
    public async Task A_released_message_is_delivered_again_and_an_acknowledged_one_is_not()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        await queue.EnqueueAsync([new QueueItem("kept", partition, 1), new QueueItem("done", partition, 1)], None);
        var first = await DrainAsync(queue, partition, 2, acknowledge: false);
        await first.Single(m => m.TaskId == "done").AcknowledgeAsync();
        await first.Single(m => m.TaskId == "kept").ReleaseAsync();

        var again = await DrainAsync(queue, partition, 1);
        Assert.Equal(["kept"], again.Select(m => m.TaskId));
        Assert.Empty(await queue.DequeueAsync(partition, 10, TimeSpan.FromMilliseconds(300), None));
    }

    [Fact]
    public async Task Concurrent_consumers_each_receive_distinct_messages()
    {
        var queue = await QueueAsync();
        var partition = Records.NewId("part");
        var ids = Enumerable.Range(0, 200).Select(i => $"t{i}").ToList();
        await queue.EnqueueAsync(ids.Select(id => new QueueItem(id, partition, 1)).ToList(), None);

        var bag = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (bag.Count < ids.Count && !deadline.IsCancellationRequested)
            {
                foreach (var m in await queue.DequeueAsync(partition, 7, TimeSpan.FromMilliseconds(200), None))
                {
                    bag.Add(m.TaskId);
                    await m.AcknowledgeAsync();
                }
            }
        })));
        Assert.Equal(ids.Count, bag.Count);
        Assert.Equal(ids.ToHashSet(), bag.ToHashSet());
    }

    /// <summary>Dequeues until <paramref name="count"/> messages arrived, within a deadline.</summary>
    protected static async Task<List<IQueueMessage>> DrainAsync(ITaskQueue queue, string partition, int count, bool acknowledge = true)
    {
        var received = new List<IQueueMessage>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (received.Count < count)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var batch = await queue.DequeueAsync(partition, count - received.Count, Wait, None);
            foreach (var m in batch)
            {
                received.Add(m);
                if (acknowledge) await m.AcknowledgeAsync();
            }
        }
        return received;
    }
}
