using Grid.Core.Storage;
using Grid.Storage.RabbitMQ;

namespace Grid.Storage.RabbitMQ.Tests;

public sealed class RabbitMqDeliveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_message_taken_by_a_consumer_whose_connection_closes_unacknowledged_goes_to_another()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var survivor = await RabbitMqServer.OpenAsync();
        await survivor.EnqueueAsync([new QueueItem("orphan", partition, 3)], CancellationToken.None);

        var doomed = await RabbitMqServer.OpenAsync();
        var taken = await doomed.DequeueAsync(partition, 1, Wait, CancellationToken.None);
        Assert.Equal(["orphan"], taken.Select(m => m.TaskId));
        Assert.Empty(await survivor.DequeueAsync(partition, 1, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        await doomed.DisposeAsync();

        var again = await survivor.DequeueAsync(partition, 1, Wait, CancellationToken.None);
        Assert.Equal(["orphan"], again.Select(m => m.TaskId));
        await again[0].AcknowledgeAsync();
        // Acknowledging on the closed connection is harmless: the message already went back to the queue.
        await taken[0].AcknowledgeAsync();
        Assert.Empty(await survivor.DequeueAsync(partition, 1, TimeSpan.FromMilliseconds(300), CancellationToken.None));
    }

    [Fact]
    public async Task A_dequeue_takes_no_more_than_the_configured_prefetch()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var queue = (RabbitMqTaskQueue)await RabbitMqBackend.OpenAsync(
            new RabbitMqQueueOptions { Uri = RabbitMqServer.Uri, QueuePrefix = "grid-test.", Prefetch = 4 }, CancellationToken.None);
        await queue.EnqueueAsync(Enumerable.Range(0, 10).Select(i => new QueueItem($"t{i}", partition, 1)).ToList(), CancellationToken.None);

        var taken = await queue.DequeueAsync(partition, 10, Wait, CancellationToken.None);
        Assert.InRange(taken.Count, 1, 4);
        foreach (var m in taken) await m.AcknowledgeAsync();
    }

    [Fact]
    public async Task A_cancelled_dequeue_gives_back_what_it_had_received()
    {
        var partition = $"part-{Guid.NewGuid():N}";
        await using var queue = await RabbitMqServer.OpenAsync();
        using var cancelled = new CancellationTokenSource();
        var dequeue = queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(20), cancelled.Token).AsTask();
        await Task.Delay(300);
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dequeue);

        await queue.EnqueueAsync([new QueueItem("after", partition, 1)], CancellationToken.None);
        var received = await queue.DequeueAsync(partition, 1, Wait, CancellationToken.None);
        Assert.Equal(["after"], received.Select(m => m.TaskId));
        await received[0].AcknowledgeAsync();
    }

    [Fact]
    public async Task An_unreachable_broker_is_named_in_the_error()
    {
        var port = FreePort();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RabbitMqBackend.OpenAsync(new RabbitMqQueueOptions { Uri = $"amqp://grid:secret@127.0.0.1:{port}/" }, CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
