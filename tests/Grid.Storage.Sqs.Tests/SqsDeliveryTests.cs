using System.Diagnostics;
using Grid.Core.Storage;
using Grid.Storage.Sqs;

namespace Grid.Storage.Sqs.Tests;

public sealed class SqsDeliveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_message_not_acknowledged_within_the_visibility_timeout_comes_back()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var queue = await SqsServer.OpenAsync(visibilityTimeout: TimeSpan.FromSeconds(2));
        await queue.EnqueueAsync([new QueueItem("forgotten", partition, 4)], None);

        var taken = await queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(5), None);
        Assert.Equal(["forgotten"], taken.Select(m => m.TaskId));
        Assert.Empty(await queue.DequeueAsync(partition, 1, TimeSpan.FromMilliseconds(500), None));

        var clock = Stopwatch.StartNew();
        var again = await queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(10), None);
        Assert.Equal(["forgotten"], again.Select(m => m.TaskId));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        await again[0].AcknowledgeAsync();
        Assert.Empty(await queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(3), None));
    }

    [Fact]
    public async Task A_waiting_dequeue_sees_a_higher_priority_queue_created_by_another_process()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var consumer = await SqsServer.OpenAsync();
        await using var producer = await SqsServer.OpenAsync();
        await producer.EnqueueAsync([new QueueItem("low", partition, 0)], None);
        await (await consumer.DequeueAsync(partition, 1, TimeSpan.FromSeconds(5), None)).Single().AcknowledgeAsync();

        var dequeue = consumer.DequeueAsync(partition, 1, TimeSpan.FromSeconds(20), None).AsTask();
        await Task.Delay(500);
        await producer.EnqueueAsync([new QueueItem("urgent", partition, 9)], None);
        var received = await dequeue.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["urgent"], received.Select(m => m.TaskId));
        await received[0].AcknowledgeAsync();
    }

    [Fact]
    public async Task Acknowledgements_made_together_all_take_effect()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var queue = await SqsServer.OpenAsync();
        await queue.EnqueueAsync(Enumerable.Range(0, 45).Select(i => new QueueItem($"t{i}", partition, 2)).ToList(), None);
        var taken = new List<IQueueMessage>();
        while (taken.Count < 45) taken.AddRange(await queue.DequeueAsync(partition, 45 - taken.Count, TimeSpan.FromSeconds(5), None));
        await Task.WhenAll(taken.Select(m => m.AcknowledgeAsync().AsTask()));
        Assert.Empty(await queue.DequeueAsync(partition, 10, TimeSpan.FromSeconds(1), None));
    }

    [Fact]
    public async Task A_partition_id_that_cannot_name_a_queue_still_gets_a_queue_of_its_own()
    {
        var (a, b) = ($"gpu.large/{Guid.NewGuid():N}", $"gpu large/{Guid.NewGuid():N}");
        await using var queue = await SqsServer.OpenAsync();
        await queue.EnqueueAsync([new QueueItem("for-a", a, 1), new QueueItem("for-b", b, 1)], None);
        Assert.Equal(["for-b"], (await queue.DequeueAsync(b, 5, TimeSpan.FromSeconds(5), None)).Select(m => m.TaskId));
        Assert.Equal(["for-a"], (await queue.DequeueAsync(a, 5, TimeSpan.FromSeconds(5), None)).Select(m => m.TaskId));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_named_in_the_error()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SqsBackend.OpenAsync(new SqsQueueOptions { ServiceUrl = $"http://127.0.0.1:{port}" }, None));
        Assert.Contains($"http://127.0.0.1:{port}", error.Message);
    }
}
