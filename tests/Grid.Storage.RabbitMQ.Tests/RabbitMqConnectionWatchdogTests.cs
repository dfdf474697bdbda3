using System.Diagnostics;
using Grid.Core.Storage;
using Grid.Storage.RabbitMQ;
using Grid.Testing;

namespace Grid.Storage.RabbitMQ.Tests;

/// <summary>
/// The broker restarts under two queues whose connections have automatic recovery turned off, so that nothing but
/// the queue's watchdog can bring service back: one replaces its connection after 1 s, the other only after
/// 10 minutes, so its connection stays lost for the rest of the test. A broker of its own: restarting the shared
/// one would cut the other tests.
/// </summary>
public sealed class RabbitMqConnectionWatchdogTests
{
    [Fact]
    public async Task A_connection_that_automatic_recovery_never_brings_back_is_replaced_and_a_publish_fails_within_the_recovery_wait()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var servers = await DedicatedTestServers.StartAsync(["rabbitmq"], ct);
        const string partition = "watchdog";
        await using var replaced = await OpenWithoutAutomaticRecoveryAsync(servers, reconnectAfter: TimeSpan.FromSeconds(1), ct);
        await using var stillLost = await OpenWithoutAutomaticRecoveryAsync(servers, reconnectAfter: TimeSpan.FromMinutes(10), ct);
        await replaced.EnqueueAsync([new QueueItem("before", partition, 1)], ct);
        await stillLost.EnqueueAsync([new QueueItem("before-2", partition, 1)], ct);
        foreach (var message in await TakeAsync(replaced, partition, ["before", "before-2"], ct)) await message.AcknowledgeAsync();

        await servers.RestartAsync("rabbitmq", ct);

        // The lost connection is not waited for 30 s but for RecoveryWait (1 s), and the error says why.
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<IOException>(async () => await stillLost.EnqueueAsync([new QueueItem("lost", partition, 1)], ct));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("RecoveryWait = 1 s", failure.Message);
        Assert.Contains("is closed", failure.Message);
        Assert.Contains("automatic recovery is off", failure.Message);
        clock.Restart();
        var dequeueFailure = await Assert.ThrowsAsync<IOException>(async () => await stillLost.DequeueAsync(partition, 1, TimeSpan.FromSeconds(1), ct));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("RecoveryWait = 1 s", dequeueFailure.Message);

        // The other queue's watchdog opened a new connection: publishing and consuming work again.
        await EnqueueWithinAsync(replaced, new QueueItem("after", partition, 1), ct);
        foreach (var message in await TakeAsync(replaced, partition, ["after"], ct)) await message.AcknowledgeAsync();
    }

    private static async Task<RabbitMqTaskQueue> OpenWithoutAutomaticRecoveryAsync(DedicatedTestServers servers, TimeSpan reconnectAfter, CancellationToken ct)
    {
        var options = new RabbitMqQueueOptions { Uri = servers["GRID_TEST_RABBITMQ"], RecoveryWait = TimeSpan.FromSeconds(1), ReconnectAfter = reconnectAfter };
        return (RabbitMqTaskQueue)await RabbitMqBackend.OpenAsync(options, null, factory => factory.AutomaticRecoveryEnabled = false, ct);
    }

    /// <summary>Enqueues, trying again while the connection is still being replaced, within a deadline.</summary>
    private static async Task EnqueueWithinAsync(ITaskQueue queue, QueueItem item, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await queue.EnqueueAsync([item], ct);
                return;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && !ct.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // the connection is not replaced yet: a control plane tries again, as here
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"could not enqueue '{item.TaskId}' within 60 s of the broker's restart: {e.Message}", e);
            }
        }
    }

    /// <summary>Dequeues until every id in <paramref name="expected"/> came, within a deadline.</summary>
    private static async Task<List<IQueueMessage>> TakeAsync(ITaskQueue queue, string partition, IReadOnlyList<string> expected, CancellationToken ct)
    {
        var taken = new Dictionary<string, IQueueMessage>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Exception? lastFailure = null;
        while (!expected.All(taken.ContainsKey))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"within 60 s got [{string.Join(", ", taken.Keys)}] of [{string.Join(", ", expected)}]; last dequeue failure: {lastFailure?.Message ?? "none"}");
            try
            {
                foreach (var message in await queue.DequeueAsync(partition, 10, TimeSpan.FromSeconds(2), ct))
                {
                    Assert.Contains(message.TaskId, expected);
                    taken[message.TaskId] = message;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && !ct.IsCancellationRequested)
            {
                lastFailure = e; // the connection is not replaced yet: an agent tries again, as here
            }
        }
        return [.. taken.Values];
    }
}
