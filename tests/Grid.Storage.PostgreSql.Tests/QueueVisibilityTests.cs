using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>A message whose consumer died comes back after the visibility timeout, and only its new consumer settles it.</summary>
public sealed class QueueVisibilityTests(FreshSchema schema) : IClassFixture<FreshSchema>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ITaskQueue QueueWithVisibility(TimeSpan visibility) => PostgreSqlBackend.QueueOf(schema.Database, new PostgreSqlOptions
    {
        ConnectionString = schema.Options.ConnectionString, QueueVisibilityTimeout = visibility, PollInterval = TimeSpan.FromMilliseconds(200),
    });

    [Fact]
    public async Task A_message_not_acknowledged_in_time_is_delivered_again()
    {
        // Long enough that the check of invisibility below runs within it even on a loaded machine (1 s was not, once).
        var visibility = TimeSpan.FromSeconds(3);
        var queue = QueueWithVisibility(visibility);
        var partition = Records.NewId("part");
        await queue.EnqueueAsync([new QueueItem("t1", partition, 1)], None);

        var lost = Assert.Single(await queue.DequeueAsync(partition, 10, TimeSpan.FromSeconds(5), None));
        Assert.Empty(await queue.DequeueAsync(partition, 10, TimeSpan.FromMilliseconds(300), None)); // invisible meanwhile
        var again = Assert.Single(await queue.DequeueAsync(partition, 10, visibility * 3, None));
        Assert.Equal("t1", again.TaskId);

        // The first consumer wakes up late: its acknowledgement and release must not touch the new delivery.
        await lost.AcknowledgeAsync();
        await lost.ReleaseAsync();
        Assert.Empty(await queue.DequeueAsync(partition, 10, TimeSpan.FromMilliseconds(300), None));
        await again.AcknowledgeAsync();
        await Task.Delay(visibility + TimeSpan.FromMilliseconds(200)); // an acknowledged message stays gone past its visibility
        Assert.Empty(await queue.DequeueAsync(partition, 10, TimeSpan.FromMilliseconds(300), None));
    }

    [Fact]
    public async Task A_waiting_consumer_is_woken_by_a_notification_well_before_its_poll()
    {
        var queue = PostgreSqlBackend.QueueOf(schema.Database, new PostgreSqlOptions
        {
            ConnectionString = schema.Options.ConnectionString, PollInterval = TimeSpan.FromSeconds(30),
        });
        var partition = Records.NewId("part");
        await queue.DequeueAsync(partition, 1, TimeSpan.FromMilliseconds(100), None); // the listener is up
        await Task.Delay(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var waiting = queue.DequeueAsync(partition, 1, TimeSpan.FromSeconds(20), None).AsTask();
        await Task.Delay(200);
        await queue.EnqueueAsync([new QueueItem("woken", partition, 1)], None);
        var received = await waiting;
        Assert.Equal("woken", Assert.Single(received).TaskId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
