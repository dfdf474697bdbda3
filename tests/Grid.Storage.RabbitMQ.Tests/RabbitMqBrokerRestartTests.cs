using Grid.Core.Storage;
using Grid.Storage.RabbitMQ;
using Grid.Testing;

namespace Grid.Storage.RabbitMQ.Tests;

/// <summary>
/// The broker restarts (SIGTERM, same port and data) under a queue that consumes and publishes, as an agent's
/// does, and one that only publishes, as a control plane's does. A broker of its own: restarting the shared one
/// would cut the other tests.
/// </summary>
public sealed class RabbitMqBrokerRestartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Consuming_and_publishing_resume_after_the_broker_restarts_and_no_message_is_lost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var servers = await DedicatedTestServers.StartAsync(["rabbitmq"], ct);
        var options = new RabbitMqQueueOptions { Uri = servers["GRID_TEST_RABBITMQ"] };
        const string partition = "restart";
        await using var agent = (RabbitMqTaskQueue)await RabbitMqBackend.OpenAsync(options, ct);
        await using var controlPlane = (RabbitMqTaskQueue)await RabbitMqBackend.OpenAsync(options, ct);

        // Each queue has a publishing channel in its pool and the agent's has its consumer; one message is
        // acknowledged, one is held unacknowledged across the restart.
        await controlPlane.EnqueueAsync([new QueueItem("before-acknowledged", partition, 1)], ct);
        await agent.EnqueueAsync([new QueueItem("before-held", partition, 1)], ct);
        var before = await TakeAsync(agent, partition, ["before-acknowledged", "before-held"], ct);
        await before["before-acknowledged"].AcknowledgeAsync();

        await servers.RestartAsync("rabbitmq", ct);

        // Publishing waits for the connection to recover instead of failing on the channel the restart closed.
        await controlPlane.EnqueueAsync([new QueueItem("after-control-plane", partition, 1)], ct);
        await agent.EnqueueAsync([new QueueItem("after-agent", partition, 1)], ct);
        // A late acknowledgement of a delivery from before the restart must not acknowledge a new one.
        await before["before-held"].AcknowledgeAsync();

        // The held message went back to the queue (durable, persistent) and comes again with the new ones.
        var after = await TakeAsync(agent, partition, ["before-held", "after-control-plane", "after-agent"], ct);
        foreach (var message in after.Values) await message.AcknowledgeAsync();
        Assert.Empty(await agent.DequeueAsync(partition, 10, TimeSpan.FromMilliseconds(500), ct));
    }

    /// <summary>Dequeues until every id in <paramref name="expected"/> came (a redelivered duplicate is fine), within a deadline.</summary>
    private static async Task<Dictionary<string, IQueueMessage>> TakeAsync(ITaskQueue queue, string partition, IReadOnlyList<string> expected, CancellationToken ct)
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
                foreach (var message in await queue.DequeueAsync(partition, 10, Wait, ct))
                {
                    Assert.Contains(message.TaskId, expected);
                    taken[message.TaskId] = message;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException && !ct.IsCancellationRequested)
            {
                lastFailure = e; // the connection is still recovering: an agent tries again after a pause, as here
                await Task.Delay(200, ct);
            }
        }
        return taken;
    }
}
